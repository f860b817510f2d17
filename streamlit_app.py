"""Entry point: ``streamlit run streamlit_app.py``. The page itself lives in ``dashboard/``."""

from dashboard.pages.app import run

run()

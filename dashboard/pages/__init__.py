"""The Streamlit pages: the app shell, the zone, city and import views, URL view state and the
per-session data cache."""

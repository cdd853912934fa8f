"""Pure rules: no NiceGUI, no SQLAlchemy, no clock (time is always passed in)."""

"""Renderers turn an Answer into what a platform shows. The text renderer is everyone's fallback."""

"""MkDocs hook (mkdocs.preview.yml only): reuse compiled theme templates between rebuilds."""

from safety_month import preview_cache


def on_env(env, **kwargs):
    return preview_cache.attach(env)

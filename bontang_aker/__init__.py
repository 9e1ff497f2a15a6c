"""Pelayanan Antar Kerja, Disnaker Kota Bontang."""

from bontang_aker.celery import app as celery_app

__all__ = ("celery_app",)

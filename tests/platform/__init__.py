"""Tests across apps: exports of every module, modules switched off per region."""

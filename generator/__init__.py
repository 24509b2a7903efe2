"""Astro Runtime reference docs, generated from an astro-runtime checkout."""

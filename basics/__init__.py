"""Small building blocks that know nothing about people, courses or certificates.

Random codes, cleaning what people type, rate limits, numbers and dates as people read them,
spreadsheet-safe CSV. It sits below every app (``basics`` <- ``accounts`` <- ``courses`` <-
``certificates`` <- ``lms``), imports none of them, and has no models.
"""

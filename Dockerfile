# Production image: gunicorn web, Celery worker and Celery beat all run from it
# (see docker-compose.yml). Static files are collected at build time and served by WhiteNoise.
FROM python:3.12-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

RUN useradd --create-home --uid 1000 registry
WORKDIR /app

COPY pyproject.toml README.md ./
COPY registry ./registry
COPY accounts ./accounts
COPY technicians ./technicians
COPY jobs ./jobs
COPY qa_inspections ./qa_inspections
COPY utilities ./utilities
RUN pip install .

COPY . .
RUN DJANGO_ENV=production SECRET_KEY=collectstatic-only-not-a-real-secret-0123456789abcdef \
    ALLOWED_HOSTS=build python manage.py collectstatic --noinput \
    && mkdir -p /app/var/private && chown -R registry /app/var

USER registry
EXPOSE 8000
CMD ["gunicorn", "registry.wsgi", "--config", "registry/gunicorn_conf.py"]

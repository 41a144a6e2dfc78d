# The image for web, worker and beat (docker-compose.yml picks the command).
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PORT=8000

WORKDIR /app
# Pango for WeasyPrint (offer letters as PDF); fonts so letters render the same everywhere.
RUN apt-get update \
    && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core \
    && rm -rf /var/lib/apt/lists/*
RUN useradd --create-home --uid 1000 backoffice \
    && mkdir -p /data/media /data/beat \
    && chown -R backoffice:backoffice /data

# Dependencies first, so code changes don't reinstall them: the pinned versions of
# requirements.lock (`make lock` writes it from pyproject.toml); the code runs from /app.
COPY requirements.lock ./
RUN pip install --no-cache-dir -r requirements.lock

COPY . .
RUN DJANGO_DEBUG=1 STATIC_MANIFEST=1 python manage.py collectstatic --noinput

USER backoffice
EXPOSE 8000
CMD ["gunicorn", "backoffice.wsgi:application", "--workers", "3", "--access-logfile", "-"]

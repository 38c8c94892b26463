# Naar Nul: one Streamlit server. Every setting and secret comes from the environment (or a mounted
# .streamlit/secrets.toml) at run time — nothing secret is in the image (.dockerignore keeps secrets.toml and data/ out).
#   docker build -t naarnul .            (add --build-arg WITH_PDF=1 for PDF downloads through LibreOffice, +~500 MB)
#   docker compose up -d                 (see compose.yaml and docs/deploying.md)
FROM python:3.11-slim

ARG WITH_PDF=0
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    NAARNUL_DATA_DIR=/data \
    STREAMLIT_SERVER_PORT=8501 \
    STREAMLIT_SERVER_ADDRESS=0.0.0.0 \
    STREAMLIT_SERVER_HEADLESS=true \
    STREAMLIT_BROWSER_GATHER_USAGE_STATS=false

RUN if [ "$WITH_PDF" = "1" ]; then \
        apt-get update && apt-get install -y --no-install-recommends libreoffice-writer-nogui \
        && rm -rf /var/lib/apt/lists/*; \
    fi \
    && useradd --create-home --uid 10001 --shell /usr/sbin/nologin naarnul \
    && mkdir /data && chown naarnul:naarnul /data && chmod 700 /data

WORKDIR /app
# Exactly the versions the tests ran: requirements.txt is generated from uv.lock (`make lock`); --no-deps so nothing
# outside the lock can slip in.
COPY requirements.txt .
RUN pip install --no-deps -r requirements.txt
COPY . .
# Editable, so the `naarnul` command (user add, check, render) uses this copy and finds templates/ beside it.
RUN pip install --no-deps -e . && rm -rf build

USER naarnul
EXPOSE 8501
VOLUME ["/data"]
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
    CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8501/_stcore/health', timeout=4)"]
# Migrate (and wait for the database) before serving; exec so Streamlit gets the signals.
CMD ["sh", "-c", "python deploy/prestart.py && exec streamlit run streamlit_app.py"]

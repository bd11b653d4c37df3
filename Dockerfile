# newsbot: one image for Slack, Discord, the console and the HTTP endpoints.
# Build:  docker build -t newsbot .      Run: docker run -p 127.0.0.1:3000:3000 -e DISCORD_TOKEN=... newsbot
ARG PYTHON_IMAGE=python:3.11-slim-bookworm

FROM ${PYTHON_IMAGE} AS build
ENV PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1
WORKDIR /src
RUN python3 -m venv /opt/venv
# Pinned runtime dependencies first, so code changes reuse this layer.
COPY requirements.lock ./
RUN /opt/venv/bin/pip install --no-deps --requirement requirements.lock
COPY pyproject.toml README.md ./
COPY bot ./bot
RUN /opt/venv/bin/pip install --no-deps . \
 && /opt/venv/bin/pip uninstall --yes pip setuptools

FROM ${PYTHON_IMAGE}
RUN useradd --system --uid 10001 --user-group --home-dir /app --no-create-home newsbot \
 && mkdir -p /app/data \
 && chown newsbot:newsbot /app/data
WORKDIR /app
COPY --from=build /opt/venv /opt/venv
COPY content ./content
ENV PATH=/opt/venv/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    HOST=0.0.0.0 \
    PORT=3000 \
    CONTENT_DIR=/app/content \
    DATABASE_URL=sqlite:////app/data/newsbot.db
VOLUME ["/app/data"]
USER 10001:10001
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 CMD ["newsbot", "healthcheck"]
STOPSIGNAL SIGTERM
ENTRYPOINT ["newsbot"]
CMD ["run"]

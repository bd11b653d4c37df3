# newsbot: one image for Slack, Discord, the console and the HTTP endpoints.
# Build:  docker build -t newsbot .      Run: docker run -p 127.0.0.1:3000:3000 -e DISCORD_TOKEN=... newsbot
ARG PYTHON_IMAGE=python:3.11-slim-bookworm
# The image's version label: bot.__version__ (the package's version) is its home; the build stops if they
# differ. SOURCE_URL, the repository's address, is for whoever publishes the image to pass.
ARG VERSION=0.1.0
ARG SOURCE_URL=""

FROM ${PYTHON_IMAGE} AS build
ARG VERSION
ENV PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1
WORKDIR /src
# strip, to drop debug symbols from the installed extension modules (only in this stage).
RUN apt-get update \
 && apt-get install --yes --no-install-recommends binutils=2.40-2 \
 && rm -rf /var/lib/apt/lists/*
RUN python3 -m venv /opt/venv
# Pinned runtime dependencies first, so code changes reuse this layer.
COPY requirements.lock ./
RUN /opt/venv/bin/pip install --no-deps --requirement requirements.lock
# Smaller image: no debug symbols, test suites, type stubs, C headers or Fortran tooling.
WORKDIR /opt/venv/lib/python3.11/site-packages
# (Libraries that auditwheel vendored, in *.libs, are left alone: strip breaks their patched headers.)
RUN find . -name "*.so*" -type f -not -path "*.libs/*" -exec strip --strip-unneeded {} + \
 && find . -depth -type d \( -name tests -o -name testing -path "./sqlalchemy/*" \) -exec rm -rf {} + \
 && find . -name "*.pyi" -delete \
 && rm -rf numpy/f2py numpy/distutils numpy/_core/include matplotlib/mpl-data/sample_data
WORKDIR /src
COPY pyproject.toml README.md LICENSE ./
COPY bot ./bot
# (LICENSE goes into the package's metadata: newsbot-*.dist-info/licenses/LICENSE.)
RUN /opt/venv/bin/pip install --no-deps . \
 && /opt/venv/bin/pip uninstall --yes pip setuptools \
 && installed=$(/opt/venv/bin/python -c "import bot; print(bot.__version__)") \
 && if [ "$installed" != "$VERSION" ]; then echo "ARG VERSION=$VERSION but bot.__version__ is $installed" >&2; exit 1; fi
# matplotlib's font list, built once here, so the first chart does not scan for fonts (charts use
# matplotlib's bundled DejaVu Sans: no system font is needed). Then a smoke test of the stripped modules.
RUN MPLCONFIGDIR=/matplotlib /opt/venv/bin/python -c "import matplotlib.font_manager" \
 && /opt/venv/bin/python -c "import numpy, PIL.Image, kiwisolver, matplotlib.backends.backend_agg, sqlalchemy.sql, rapidfuzz, Stemmer, yaml_rs, aiohttp, psycopg; assert psycopg.pq.__impl__ == 'binary'"

FROM ${PYTHON_IMAGE}
ARG VERSION
ARG SOURCE_URL
LABEL org.opencontainers.image.title="newsbot" \
      org.opencontainers.image.version="${VERSION}" \
      org.opencontainers.image.licenses="MIT" \
      org.opencontainers.image.source="${SOURCE_URL}"
RUN useradd --system --uid 10001 --user-group --home-dir /app --no-create-home newsbot \
 && mkdir -p /app/data /app/matplotlib \
 && chown newsbot:newsbot /app/data /app/matplotlib
WORKDIR /app
COPY --from=build /opt/venv /opt/venv
# matplotlib wants its config directory writable (else it makes a temporary one and rebuilds its font list).
COPY --from=build --chown=10001:10001 /matplotlib/ /app/matplotlib/
COPY content ./content
# No secret here, DATABASE_URL included, so a NAME_FILE given at run time is not hidden: the default
# database, sqlite:///data/newsbot.db, is /app/data/newsbot.db from WORKDIR /app, in the volume.
ENV PATH=/opt/venv/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    HOST=0.0.0.0 \
    PORT=3000 \
    CONTENT_DIR=/app/content \
    MPLCONFIGDIR=/app/matplotlib
VOLUME ["/app/data"]
USER 10001:10001
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 CMD ["newsbot", "healthcheck"]
STOPSIGNAL SIGTERM
ENTRYPOINT ["newsbot"]
CMD ["run"]

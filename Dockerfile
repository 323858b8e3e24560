# paper-triage: one image for the web server, the worker, or both (see deploy/entrypoint.sh).
#   docker build -t paper-triage .
#   docker run -p 8000:8000 --env-file .env -e REDIS_URL=redis://redis:6379/0 paper-triage web
#   docker run --env-file .env -e REDIS_URL=redis://redis:6379/0 paper-triage worker

FROM python:3.12-slim AS build
ENV PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1
RUN python -m venv /opt/paper-triage
WORKDIR /src
# The pinned dependencies first: this layer is reused until requirements.txt changes.
COPY requirements.txt .
RUN /opt/paper-triage/bin/pip install --requirement requirements.txt
COPY pyproject.toml README.md LICENSE ./
COPY rules rules
COPY bot bot
COPY webhooks webhooks
COPY paper_triage paper_triage
COPY scholarly scholarly
RUN /opt/paper-triage/bin/pip install --no-deps .

FROM python:3.12-slim
RUN useradd --create-home --uid 10001 --shell /usr/sbin/nologin paper-triage \
    && install --directory --owner paper-triage /data
COPY --from=build /opt/paper-triage /opt/paper-triage
COPY deploy/entrypoint.sh /usr/local/bin/paper-triage-entrypoint
ENV PATH=/opt/paper-triage/bin:$PATH PYTHONUNBUFFERED=1 PORT=8000 DATA_DIR=/data
USER paper-triage
WORKDIR /home/paper-triage
VOLUME /data
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=10s --start-period=20s --retries=3 \
    CMD ["sh", "-c", "paper-triage health --role \"$(sed s/serve/web/ /tmp/paper-triage-role)\""]
ENTRYPOINT ["paper-triage-entrypoint"]
CMD ["web"]

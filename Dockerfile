# Klubba's container image: the static binary on distroless, as a
# non-root user, with the database on a volume.
#
#   docker build -t klubba .
#   docker run -p 8080:8080 -v klubba-data:/data \
#     -e KLUBBA_SLACK_BOT_TOKEN -e KLUBBA_SLACK_SIGNING_SECRET klubba
#
# deploy/deploy_test.go builds the binary as this file does and checks
# that it is static, so that the scratch-like final stage can run it.

FROM golang:1.26 AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
# CGO off: a static binary that needs no libc in the final image.
RUN CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o /out/klubba ./cmd/klubba \
 && mkdir /out/data

# distroless/static: CA certificates (for Slack and the Bot Framework),
# /etc/passwd with the nonroot user (65532), tzdata, and nothing else.
FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/klubba /usr/local/bin/klubba
COPY --from=build --chown=65532:65532 /out/data /data
ENV KLUBBA_DB=/data/klubba.db \
    KLUBBA_LISTEN=:8080 \
    KLUBBA_LOG_FORMAT=json
VOLUME ["/data"]
EXPOSE 8080
USER 65532:65532
# Probes: GET /healthz (alive) and GET /readyz (store, platform
# credentials, delivery); there is no shell for a HEALTHCHECK command.
ENTRYPOINT ["/usr/local/bin/klubba"]
CMD ["serve"]

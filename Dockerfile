# One image for every FISO service. It holds the runnable jar cli/target/fiso.jar; the command
# names the service:
#   docker build -t fiso:local .
#   docker run --rm fiso:local --help
#   docker run --rm -p 8080:8080 -e FISO_BOOTSTRAP_SERVERS=kafka:9092 fiso:local control-plane
# docker-compose.yml runs each service (router, workers per cloud, cost-ingestor, control-plane)
# from this image.

# ---- build: the Maven wrapper builds the fiso command and the modules it needs ----------------
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
# CI=true: Spotless only checks formatting (it would otherwise rewrite sources while building).
ENV CI=true MAVEN_OPTS="-XX:+UseParallelGC"
COPY . .
RUN chmod +x mvnw \
 && ./mvnw -B -ntp -DskipTests -pl cli -am package \
 && test -f cli/target/fiso.jar

# ---- runtime: a JRE, the jar, a non-root user ---------------------------------------------------
FROM eclipse-temurin:17-jre
RUN groupadd --system --gid 10001 fiso \
 && useradd --system --uid 10001 --gid fiso --home-dir /app --shell /usr/sbin/nologin fiso \
 && mkdir -p /app /var/lib/fiso \
 && chown fiso:fiso /var/lib/fiso \
 && printf '%s\n' \
      '#!/bin/bash' \
      '# fiso-healthcheck PORT PATH: exit 0 when GET http://127.0.0.1:PORT/PATH answers 200.' \
      '# Plain bash (/dev/tcp): the image needs no curl.' \
      'exec 3<>"/dev/tcp/127.0.0.1/$1" || exit 1' \
      'printf "GET %s HTTP/1.0\r\nHost: localhost\r\n\r\n" "$2" >&3' \
      'read -r -t 5 _ code _ <&3 || exit 1' \
      '[ "$code" = "200" ]' \
      > /usr/local/bin/fiso-healthcheck \
 && chmod 755 /usr/local/bin/fiso-healthcheck
WORKDIR /app
COPY --from=build /src/cli/target/fiso.jar /app/fiso.jar
# State of the Kafka Streams services (router, cost-ingestor) when a volume is mounted here.
VOLUME ["/var/lib/fiso"]
USER 10001:10001
ENV JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError"
# The control plane's HTTP API; other services serve their health on FISO_HEALTH_PORT.
EXPOSE 8080
ENTRYPOINT ["java", "-jar", "/app/fiso.jar"]
CMD ["--help"]

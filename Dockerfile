# Multi-stage build of the Burnrate server: the first stage builds the jar with the Maven wrapper,
# the second runs it on a JRE as a non-root user.
FROM eclipse-temurin:21.0.5_11-jdk-noble AS build
WORKDIR /src
COPY .mvn .mvn
COPY mvnw pom.xml ./
COPY test-support/pom.xml test-support/
COPY http-support/pom.xml http-support/
COPY slo-engine/pom.xml slo-engine/
COPY ingest/pom.xml ingest/
COPY incident-bridge/pom.xml incident-bridge/
COPY api/pom.xml api/
RUN ./mvnw -B -q dependency:go-offline -DexcludeReactor=true || true
COPY . .
RUN ./mvnw -B -q -DskipTests package

FROM eclipse-temurin:21.0.5_11-jre-noble
# `burnrate` on PATH runs the jar, for the health check and for people in the container.
RUN useradd --system --uid 10001 burnrate \
 && printf '#!/bin/sh\nexec java -jar /app/burnrate.jar "$@"\n' > /usr/local/bin/burnrate \
 && chmod 0755 /usr/local/bin/burnrate
WORKDIR /app
COPY --from=build /src/api/target/burnrate.jar /app/burnrate.jar
COPY examples /app/examples
USER burnrate
EXPOSE 8080
# GET /health/ready on 127.0.0.1 and BURNRATE_PORT (default 8080); exit 0 when ready. The image's
# /bin/sh is dash: the check needs no bash and no curl.
HEALTHCHECK --interval=10s --timeout=10s --start-period=60s --retries=3 CMD burnrate health
# The serial collector and a heap that starts small and grows with the SLOs held, keeping 10% to
# 20% of it free (about 20 KiB per 30-day SLO with its series), up to 75% of the container's
# memory limit, and what the JIT compiler frees given back to the system every 30 s (an
# experimental option on Java 21): see BENCHMARKS.md, "The SLO job".
ENTRYPOINT ["java", "-XX:+UseSerialGC", "-Xms64m", "-XX:MaxNewSize=24m", "-XX:MinHeapFreeRatio=10", "-XX:MaxHeapFreeRatio=20", "-XX:MaxRAMPercentage=75", "-XX:+UnlockExperimentalVMOptions", "-XX:TrimNativeHeapInterval=30000", "-jar", "/app/burnrate.jar"]
CMD ["serve", "--config", "/app/examples/burnrate.yaml"]

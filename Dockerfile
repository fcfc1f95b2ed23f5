# syntax=docker/dockerfile:1
# SOTP's image: built with the SDK, run on the ASP.NET runtime as the unprivileged user "app" (uid 1654).
# It runs with a read-only root file system: writable are only /var/lib/sotp (SQLite, when used) and /tmp
# (mount an emptyDir or tmpfs there). No Docker engine runs where SOTP is developed: this file is checked by
# Sotp.Tests/Deployment/ContainerImageTests.cs, not built there.
ARG DOTNET_VERSION=10.0
ARG NODE_VERSION=20

# The console's browser packages (xterm.js) from npm, exactly as package-lock.json pins them.
FROM node:${NODE_VERSION}-bookworm-slim AS assets
WORKDIR /assets
COPY Sotp.Console/package.json Sotp.Console/package-lock.json ./
RUN npm ci --no-audit --no-fund --loglevel=error \
    && mkdir -p lib/xterm \
    && cp node_modules/@xterm/xterm/lib/xterm.mjs node_modules/@xterm/xterm/css/xterm.css node_modules/@xterm/addon-fit/lib/addon-fit.mjs lib/xterm/

FROM mcr.microsoft.com/dotnet/sdk:${DOTNET_VERSION} AS build
WORKDIR /src
# Restore first, from the project files only, so that a code change does not invalidate the package layer.
COPY global.json Directory.Build.props Directory.Packages.props ./
COPY Sotp.Core/Sotp.Core.csproj Sotp.Core/
COPY Sotp.Collectors/Sotp.Collectors.csproj Sotp.Collectors/
COPY Sotp.Console/Sotp.Console.csproj Sotp.Console/
RUN dotnet restore Sotp.Console/Sotp.Console.csproj
COPY Sotp.Core/ Sotp.Core/
COPY Sotp.Collectors/ Sotp.Collectors/
COPY Sotp.Console/ Sotp.Console/
COPY appsettings.schema.json ./
COPY --from=assets /assets/lib/xterm/ Sotp.Console/wwwroot/lib/xterm/
RUN dotnet publish Sotp.Console/Sotp.Console.csproj --configuration Release --no-restore --output /app /p:UseAppHost=false /p:SkipBrowserPackages=true

FROM mcr.microsoft.com/dotnet/aspnet:${DOTNET_VERSION} AS runtime
WORKDIR /app
ENV ASPNETCORE_URLS=http://+:8080 \
    ASPNETCORE_ENVIRONMENT=Production \
    DOTNET_NOLOGO=1 \
    Sotp__Database__DataDirectory=/var/lib/sotp
RUN mkdir -p /var/lib/sotp && chown 1654:1654 /var/lib/sotp
COPY --from=build /app ./
USER 1654:1654
EXPOSE 8080
VOLUME ["/var/lib/sotp"]
# The aspnet image has bash but no curl: ask /healthz/live over bash's /dev/tcp.
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
    CMD ["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/8080 && printf 'GET /healthz/live HTTP/1.0\\r\\nHost: localhost\\r\\n\\r\\n' >&3 && head -n 1 <&3 | grep -q ' 200 '"]
ENTRYPOINT ["dotnet", "Sotp.Console.dll"]

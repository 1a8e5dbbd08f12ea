# One image for the server, the loader and the simulator (TypeScript run through tsx; the web app prebuilt).
FROM node:20-bookworm-slim
WORKDIR /app
COPY package.json package-lock.json ./
COPY shared/package.json shared/
COPY fixtures/package.json fixtures/
COPY server/package.json server/
COPY web/package.json web/
RUN npm ci --no-audit --no-fund
COPY . .
RUN if [ -f web/package.json ]; then npm run build -w web; fi
ENV NODE_ENV=production HOST=0.0.0.0 PORT=3000 WEB_DIR=/app/web/build
EXPOSE 3000
CMD ["node", "--max-old-space-size=192", "--max-semi-space-size=32", "--conditions=source", "--import", "tsx", "server/src/main.ts"]

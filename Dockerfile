# One image, three roles: `serve` (API + workers), `api`, `worker`.
FROM node:20-bookworm-slim AS build
WORKDIR /baton
COPY package.json package-lock.json nx.json tsconfig.base.json jest.preset.js ./
COPY packages ./packages
COPY apps ./apps
COPY test/package.json ./test/package.json
RUN npm ci --no-audit --no-fund && npx nx run-many -t build --projects=@baton/dsl,@baton/engine,@baton/designer \
 && npm prune --omit=dev --no-audit --no-fund

FROM node:20-bookworm-slim
ENV NODE_ENV=production DESIGNER_DIST=/baton/apps/designer/dist
WORKDIR /baton
COPY --from=build /baton/node_modules ./node_modules
COPY --from=build /baton/packages/dsl/package.json ./packages/dsl/package.json
COPY --from=build /baton/packages/dsl/dist ./packages/dsl/dist
COPY --from=build /baton/apps/engine/package.json ./apps/engine/package.json
COPY --from=build /baton/apps/engine/dist ./apps/engine/dist
COPY --from=build /baton/apps/designer/dist ./apps/designer/dist
COPY templates ./templates
USER node
EXPOSE 3000
# SIGTERM: the process stops taking jobs, finishes the ones in hand (or BullMQ hands them back), then exits
STOPSIGNAL SIGTERM
# the Node flags are ENGINE_NODE_FLAGS of scripts/services.mjs (a young generation large enough for a request's objects to die young)
ENTRYPOINT ["node", "--max-semi-space-size=64", "apps/engine/dist/main.js"]
CMD ["serve"]

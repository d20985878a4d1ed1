/** What clients read before calling anything: the config, the API description, the app id. */
import type { FastifyPluginAsync, FastifyRequest } from "fastify";
import { buildApiInfo } from "../../blocks/api-info.js";
import { buildConfig } from "../../blocks/config.js";
import { callableBy } from "../../security/roles.js";
import type { PageStyles } from "../../themes/page-styles.js";
import type { Runtime } from "../runtime.js";

export const configRoutes =
  (runtime: Runtime, styles?: PageStyles): FastifyPluginAsync =>
  async (fastify) => {
    const config = async (request: Parameters<typeof runtime.rootUrl>[0]) =>
      buildConfig(
        runtime.app,
        {
          rootUrl: runtime.rootUrl(request, "/config"),
          appId: runtime.appId,
          maxFileSize: runtime.maxFileSize,
          username: request.gradioUser?.username ?? null,
          canCall: callableBy(request.gradioUser ?? null),
          styles,
          translations: runtime.options.i18n?.translations ?? null,
        },
        runtime.processContext(request, "/config"),
      );

    fastify.get("/config", async (request) => config(request));
    fastify.get("/config/", async (request) => config(request));

    const infoQuery = {
      type: "object",
      properties: { all_endpoints: { type: "string", maxLength: 16 }, serialize: { type: "string", maxLength: 16 } },
    } as const;
    const info = async (request: FastifyRequest) =>
      buildApiInfo(runtime.app, {
        allEndpoints: Boolean((request.query as { all_endpoints?: string }).all_endpoints),
        canCall: callableBy(request.gradioUser ?? null),
      });
    fastify.get("/gradio_api/info", { schema: { querystring: infoQuery } }, info);
    fastify.get("/gradio_api/info/", { schema: { querystring: infoQuery } }, info);

    fastify.get("/gradio_api/app_id", async () => ({ app_id: runtime.appId }));
    fastify.get("/gradio_api/app_id/", async () => ({ app_id: runtime.appId }));
  };

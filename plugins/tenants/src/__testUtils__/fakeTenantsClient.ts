import { TenantsClient } from '../api/TenantsClient';

/** A TenantsClient whose fetch answers with `responses`, in order. */
export function fakeTenantsClient(...responses: Response[]) {
  const fetch = jest.fn(
    async (_url: string, _init?: RequestInit) => responses.shift()!,
  );
  return {
    fetch,
    client: new TenantsClient({
      discoveryApi: {
        getBaseUrl: async (pluginId: string) =>
          `http://backstage/api/${pluginId}`,
      },
      fetchApi: { fetch: fetch as any },
    }),
  };
}

/** A JSON response, as the Tenant Service sends them. */
export const jsonResponse = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/json' },
  });

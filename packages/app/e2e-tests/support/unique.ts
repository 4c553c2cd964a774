/** Distinguishes this run's tenants and cluster objects from other runs'. */
export const uniqueSuffix = `${Date.now().toString(36)}${Math.random()
  .toString(36)
  .slice(2, 5)}`;

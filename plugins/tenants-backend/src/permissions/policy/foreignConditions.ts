import {
  AuthorizeResult,
  ConditionalPolicyDecision,
  PermissionCondition,
  PermissionCriteria,
  PermissionRuleParams,
} from '@backstage/plugin-permission-common';
import { RESOURCE_TYPE_CATALOG_ENTITY } from '@backstage/plugin-catalog-common/alpha';
import { RESOURCE_TYPE_SCAFFOLDER_TEMPLATE } from '@backstage/plugin-scaffolder-common/alpha';

/*
 * The conditions of the catalog and scaffolder rules the policy uses, the
 * same objects `catalogConditions` and `scaffolderTemplateConditions` of
 * their backends' `/alpha` entry points make, without depending on those
 * whole backends.
 */

function condition<TResourceType extends string>(
  resourceType: TResourceType,
  rule: string,
  params: PermissionRuleParams,
): PermissionCondition<TResourceType> {
  return { rule, resourceType, params };
}

export const catalogEntityConditions = {
  isEntityOwner: (params: { claims: string[] }) =>
    condition(RESOURCE_TYPE_CATALOG_ENTITY, 'IS_ENTITY_OWNER', params),
  isEntityKind: (params: { kinds: string[] }) =>
    condition(RESOURCE_TYPE_CATALOG_ENTITY, 'IS_ENTITY_KIND', params),
  hasMetadata: (params: { key: string; value?: string }) =>
    condition(RESOURCE_TYPE_CATALOG_ENTITY, 'HAS_METADATA', params),
  hasSpec: (params: { key: string; value?: string }) =>
    condition(RESOURCE_TYPE_CATALOG_ENTITY, 'HAS_SPEC', params),
};

export const scaffolderTemplateConditions = {
  hasTag: (params: { tag: string }) =>
    condition(RESOURCE_TYPE_SCAFFOLDER_TEMPLATE, 'HAS_TAG', params),
};

function conditionalDecision<TResourceType extends string>(
  pluginId: string,
  resourceType: TResourceType,
) {
  return (
    conditions: PermissionCriteria<PermissionCondition<TResourceType>>,
  ): ConditionalPolicyDecision => ({
    result: AuthorizeResult.CONDITIONAL,
    pluginId,
    resourceType,
    conditions,
  });
}

export const createCatalogEntityConditionalDecision = conditionalDecision(
  'catalog',
  RESOURCE_TYPE_CATALOG_ENTITY,
);

export const createScaffolderTemplateConditionalDecision = conditionalDecision(
  'scaffolder',
  RESOURCE_TYPE_SCAFFOLDER_TEMPLATE,
);

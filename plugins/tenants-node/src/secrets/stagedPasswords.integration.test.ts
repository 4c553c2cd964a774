import type { KubeConfig } from '@kubernetes/client-node';
import { loadKubernetesClient } from '../kubernetes/loadKubernetesClient';
import {
  loadTestKubeConfig,
  uniqueNamespace,
} from '../__testUtils__/testKubeConfig';
import {
  deleteStagedPasswords,
  labelStagedPasswords,
  missingStagedPasswords,
  readStagedPasswords,
  stagePassword,
  STAGED_FOR_CHANGE_REQUEST_LABEL,
  STAGED_PASSWORD_LABEL,
} from './stagedPasswords';

jest.setTimeout(60_000);

const STAGED = 'staged-password-7c9e6679-7425-40de-944b-e07fc1f90ae7-crm';

describe('staged passwords on the local cluster', () => {
  let kubeConfig: KubeConfig;
  let namespace: string;
  const core = async () =>
    kubeConfig.makeApiClient((await loadKubernetesClient()).CoreV1Api);

  beforeAll(async () => {
    kubeConfig = await loadTestKubeConfig();
    namespace = uniqueNamespace('staged');
    await (
      await core()
    ).createNamespace({ body: { metadata: { name: namespace } } });
  });

  afterAll(async () => {
    await (await core()).deleteNamespace({ name: namespace });
  });

  it('stages, finds, reads, labels and deletes a password, and never deletes another Secret', async () => {
    const staged = [{ dataSource: 'crm', secretName: STAGED }];
    expect(await missingStagedPasswords(kubeConfig, namespace, staged)).toEqual(
      staged,
    );
    await expect(
      readStagedPasswords(kubeConfig, namespace, staged),
    ).rejects.toThrow(
      `The staged password Secret ${STAGED} (the password of data source crm) is not in namespace ${namespace}`,
    );

    const stage = (password: string) =>
      stagePassword(kubeConfig, {
        namespace,
        slug: 'acme',
        dataSource: 'crm',
        secretName: STAGED,
        password,
        stagedBy: 'user:default/tenant-admin',
      });
    await stage('first');
    await stage('second'); // a retried task stages again
    expect(await missingStagedPasswords(kubeConfig, namespace, staged)).toEqual(
      [],
    );
    // Staged for another data source: not this one's.
    expect(
      await missingStagedPasswords(kubeConfig, namespace, [
        { dataSource: 'erp', secretName: STAGED },
      ]),
    ).toHaveLength(1);
    expect(await readStagedPasswords(kubeConfig, namespace, staged)).toEqual({
      [STAGED]: 'second',
    });

    await labelStagedPasswords(kubeConfig, namespace, [STAGED], 'cr-1');
    const secret = await (
      await core()
    ).readNamespacedSecret({ name: STAGED, namespace });
    expect(secret.metadata?.labels).toMatchObject({
      [STAGED_PASSWORD_LABEL]: 'crm',
      [STAGED_FOR_CHANGE_REQUEST_LABEL]: 'cr-1',
    });
    expect(secret.metadata?.labels?.['tenants.dev/tenant']).toBeUndefined();

    await (
      await core()
    ).createNamespacedSecret({
      namespace,
      body: {
        metadata: { name: 'datasource-crm' },
        stringData: { password: 'kept' },
      },
    });
    expect(
      await deleteStagedPasswords(kubeConfig, namespace, [
        STAGED,
        'datasource-crm',
        'staged-password-gone',
      ]),
    ).toEqual([STAGED]);
    const names = (
      await (await core()).listNamespacedSecret({ namespace })
    ).items.map(s => s.metadata?.name);
    expect(names).toContain('datasource-crm');
    expect(names).not.toContain(STAGED);
  });
});

import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { Placement } from '../../api/TenantsApi';
import {
  recordingValidation,
  renderField,
  validatorContext,
} from '../__testUtils__';
import { TenantRegionPicker } from './TenantRegionPicker';
import { tenantRegionValidation } from './validation';

jest.setTimeout(30_000);

const placements: Record<string, Placement> = {
  azure: {
    provider: 'azure',
    regions: [
      { region: 'westeurope', clusters: ['aks-weu-1'] },
      { region: 'northeurope', clusters: ['aks-neu-1', 'aks-neu-2'] },
    ],
    nearest: {
      region: 'westeurope',
      cluster: 'aks-weu-1',
      basis: 'round-trip',
      roundTripMs: 23.4,
    },
    clusters: [
      { cluster: 'aks-weu-1', reachable: true, roundTripMs: 23 },
      { cluster: 'aks-neu-1', reachable: false },
      { cluster: 'aks-neu-2', reachable: true, roundTripMs: 31 },
    ],
  },
  aws: {
    provider: 'aws',
    regions: [{ region: 'eu-central-1', clusters: ['eks-fra-1'] }],
    nearest: {
      region: 'eu-central-1',
      cluster: 'eks-fra-1',
      basis: 'preferred',
    },
    clusters: [{ cluster: 'eks-fra-1', reachable: false }],
  },
  gcp: { provider: 'gcp', regions: [], nearest: null },
};
const getPlacement = jest.fn(async (provider: string) => placements[provider]);
const schema = { title: 'Region', type: 'string' };

describe('TenantRegionPicker', () => {
  beforeEach(() => getPlacement.mockClear());

  it('lists the regions of the chosen provider and shows the nearest cluster', async () => {
    const field = await renderField<string>(TenantRegionPicker, {
      name: 'region',
      value: 'nearest',
      schema,
      parameters: { cloudProvider: 'azure' },
      api: { getPlacement },
    });

    expect(
      await screen.findByText(
        'Nearest resolves to region westeurope, cluster aks-weu-1 (lowest measured API round trip, 23 ms)',
      ),
    ).toBeInTheDocument();
    expect(getPlacement).toHaveBeenCalledWith('azure');

    await userEvent.click(screen.getByRole('button', { name: /Nearest/ }));
    const options = within(screen.getByRole('listbox')).getAllByRole('option');
    expect(options.map(o => o.textContent)).toEqual([
      'Nearest (westeurope)',
      'westeuropeaks-weu-1',
      'northeurope2 clusters',
    ]);
    await userEvent.click(options[2]);
    expect(field.current()).toBe('northeurope');
    expect(
      screen.getByText('Clusters in northeurope: aks-neu-1, aks-neu-2'),
    ).toBeInTheDocument();
  });

  it('says when nearest is a configured preference', async () => {
    await renderField<string>(TenantRegionPicker, {
      name: 'region',
      value: 'nearest',
      schema,
      parameters: { cloudProvider: 'aws' },
      api: {
        getPlacement: async () => ({ ...placements.aws, clusters: undefined }),
      },
    });
    expect(
      await screen.findByText(
        'Nearest resolves to region eu-central-1, cluster eks-fra-1 (configured preference)',
      ),
    ).toBeInTheDocument();
  });

  it('says when the cluster of the region does not answer', async () => {
    await renderField<string>(TenantRegionPicker, {
      name: 'region',
      value: 'nearest',
      schema,
      parameters: { cloudProvider: 'aws' },
      api: { getPlacement },
    });
    expect(
      await screen.findByText(
        'Cluster eks-fra-1 does not answer right now; choose a region another cluster serves, or try again later',
      ),
    ).toBeInTheDocument();
  });

  it('goes back to Nearest when the provider changes', async () => {
    const field = await renderField<string>(TenantRegionPicker, {
      name: 'region',
      value: 'northeurope',
      schema,
      parameters: { cloudProvider: 'azure' },
      api: { getPlacement },
    });
    expect(
      await screen.findByText('Clusters in northeurope: aks-neu-1, aks-neu-2'),
    ).toBeInTheDocument();

    act(() => field.setParameters({ cloudProvider: 'aws' }));
    await waitFor(() => expect(field.current()).toBe('nearest'));
    expect(getPlacement).toHaveBeenLastCalledWith('aws');
  });

  it('says when the provider has no cluster', async () => {
    await renderField<string>(TenantRegionPicker, {
      name: 'region',
      value: 'nearest',
      schema,
      parameters: { cloudProvider: 'gcp' },
      api: { getPlacement },
    });
    expect(
      await screen.findByText(
        'No cluster is configured for GCP; choose another cloud provider',
      ),
    ).toBeInTheDocument();
  });
});

describe('tenantRegionValidation', () => {
  const validate = async (region: string, cloudProvider: string) => {
    const { errors, validation } = recordingValidation();
    await tenantRegionValidation(
      region,
      validation,
      validatorContext({ getPlacement }, { cloudProvider, region }),
    );
    return errors;
  };

  it('accepts Nearest and configured regions, with a cluster that answers', async () => {
    expect(await validate('nearest', 'azure')).toEqual([]);
    // One of the two clusters of northeurope answers.
    expect(await validate('northeurope', 'azure')).toEqual([]);
  });

  it('rejects a region whose clusters do not answer', async () => {
    expect(await validate('eu-central-1', 'aws')).toEqual([
      'Cluster eks-fra-1 does not answer right now; choose a region another cluster serves, or try again later',
    ]);
  });

  it('rejects regions without a cluster and providers without clusters', async () => {
    expect(await validate('eastus', 'azure')).toEqual([
      "Azure has no configured cluster in region 'eastus'; choose one of westeurope, northeurope",
    ]);
    expect(await validate('nearest', 'gcp')).toEqual([
      'No cluster is configured for GCP; choose another cloud provider',
    ]);
  });

  it('reports a Tenant Service failure in words', async () => {
    const { errors, validation } = recordingValidation();
    await tenantRegionValidation(
      'nearest',
      validation,
      validatorContext(
        { getPlacement: () => Promise.reject(new Error('connection refused')) },
        { cloudProvider: 'aws' },
      ),
    );
    expect(errors).toEqual([
      'Could not load the AWS regions: connection refused',
    ]);
  });
});

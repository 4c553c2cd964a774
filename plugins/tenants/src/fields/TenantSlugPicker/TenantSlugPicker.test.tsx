import { act, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { SLUG_FORMAT_MESSAGE } from '@tenant-platform/backstage-plugin-tenants-common';
import {
  recordingValidation,
  renderField,
  validatorContext,
} from '../__testUtils__';
import { TenantSlugPicker } from './TenantSlugPicker';
import { tenantSlugValidation } from './validation';

const schema = { title: 'Slug', type: 'string' };
const free = (slug: string) => Promise.resolve({ slug, available: true });

describe('TenantSlugPicker', () => {
  it('suggests the slug from the tenant name and follows the name until edited', async () => {
    const checkSlug = jest.fn(free);
    const field = await renderField<string>(TenantSlugPicker, {
      name: 'slug',
      schema,
      parameters: { name: 'Acme Corp (EU)' },
      api: { checkSlug },
    });

    await waitFor(() => expect(field.current()).toBe('acmecorpeu'));
    expect(screen.getByLabelText('Slug')).toHaveValue('acmecorpeu');
    expect(
      await screen.findByText("'acmecorpeu' is available"),
    ).toBeInTheDocument();
    expect(checkSlug).toHaveBeenCalledWith('acmecorpeu');

    act(() => field.setParameters({ name: 'Globex 2' }));
    await waitFor(() => expect(field.current()).toBe('globex2'));

    // Once the user types their own slug, the name no longer overrides it.
    await userEvent.clear(screen.getByLabelText('Slug'));
    await userEvent.type(screen.getByLabelText('Slug'), 'globex');
    act(() => field.setParameters({ name: 'Globex Industries' }));
    expect(field.current()).toBe('globex');
    await userEvent.click(
      screen.getByRole('button', {
        name: 'Use suggested slug “globexindustries”',
      }),
    );
    expect(field.current()).toBe('globexindustries');
  });

  it('shows a format problem as the user types, without asking the service', async () => {
    const checkSlug = jest.fn(free);
    await renderField<string>(TenantSlugPicker, {
      name: 'slug',
      schema,
      api: { checkSlug },
    });

    await userEvent.type(screen.getByLabelText('Slug'), 'Acme-1');
    expect(screen.getByText(SLUG_FORMAT_MESSAGE)).toBeInTheDocument();

    await userEvent.clear(screen.getByLabelText('Slug'));
    await userEvent.type(screen.getByLabelText('Slug'), 'ac');
    expect(
      screen.getByText('Slug must be at least 3 characters'),
    ).toBeInTheDocument();
    await new Promise(resolve => setTimeout(resolve, 400));
    expect(checkSlug).not.toHaveBeenCalled();
  });

  it('caps the slug at 40 characters', async () => {
    await renderField<string>(TenantSlugPicker, {
      name: 'slug',
      schema,
      api: { checkSlug: free },
    });
    expect(screen.getByLabelText('Slug')).toHaveAttribute('maxLength', '40');
  });

  it('says when a slug is taken by a tenant or a run in progress', async () => {
    const checkSlug = jest.fn(async (slug: string) => ({
      slug,
      available: false,
      reason: 'a provisioning run in progress reserved it',
    }));
    await renderField<string>(TenantSlugPicker, {
      name: 'slug',
      value: 'acme',
      schema,
      api: { checkSlug },
    });
    expect(
      await screen.findByText(
        "Slug 'acme' is not available: a provisioning run in progress reserved it",
      ),
    ).toBeInTheDocument();
  });

  it('says when availability cannot be checked', async () => {
    await renderField<string>(TenantSlugPicker, {
      name: 'slug',
      value: 'acme',
      schema,
      api: {
        checkSlug: () =>
          Promise.reject(new Error('Tenant Service unavailable')),
      },
    });
    expect(
      await screen.findByText(
        "Could not check whether 'acme' is free: Tenant Service unavailable",
      ),
    ).toBeInTheDocument();
  });
});

describe('tenantSlugValidation', () => {
  it('rejects malformed and reserved slugs without asking the service', async () => {
    const checkSlug = jest.fn(free);
    const { errors, validation } = recordingValidation();
    await tenantSlugValidation(
      'Acme',
      validation,
      validatorContext({ checkSlug }),
    );
    expect(errors).toEqual([SLUG_FORMAT_MESSAGE]);

    const reserved = recordingValidation();
    await tenantSlugValidation(
      'platform',
      reserved.validation,
      validatorContext({ checkSlug }),
    );
    expect(reserved.errors).toEqual(["Slug 'platform' is reserved"]);
    expect(checkSlug).not.toHaveBeenCalled();
  });

  it('rejects a slug the Tenant Service reports as taken', async () => {
    const { errors, validation } = recordingValidation();
    await tenantSlugValidation(
      'acme',
      validation,
      validatorContext({
        checkSlug: async slug => ({ slug, available: false }),
      }),
    );
    expect(errors).toEqual([
      "Slug 'acme' is already used by a tenant or a provisioning run in progress",
    ]);
  });

  it('accepts a free slug, and lets the slug pass when the service is down', async () => {
    const ok = recordingValidation();
    await tenantSlugValidation(
      'acme',
      ok.validation,
      validatorContext({ checkSlug: free }),
    );
    expect(ok.errors).toEqual([]);

    const down = recordingValidation();
    await tenantSlugValidation(
      'acme',
      down.validation,
      validatorContext({
        checkSlug: () => Promise.reject(new Error('down')),
      }),
    );
    expect(down.errors).toEqual([]);
  });
});

import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { recordingValidation, renderField } from '../__testUtils__';
import { TenantCidrList } from './TenantCidrList';
import { cidrListProblems, tenantCidrListValidation } from './validation';

jest.setTimeout(30_000);

const schema = {
  title: 'Allowed network ranges',
  description:
    'IPv4/IPv6 CIDR ranges allowed to reach the tenant; empty means open',
  type: 'array',
};

describe('TenantCidrList', () => {
  it('says that an empty list means open', async () => {
    await renderField<string[]>(TenantCidrList, {
      name: 'allowedCidrs',
      value: [],
      schema,
    });
    expect(
      screen.getByText('No ranges: the tenant is open to every network.'),
    ).toBeInTheDocument();
  });

  it('checks each IPv4 and IPv6 range as it is typed', async () => {
    const field = await renderField<string[]>(TenantCidrList, {
      name: 'allowedCidrs',
      value: [],
      schema,
    });
    await userEvent.click(screen.getByRole('button', { name: 'Add range' }));
    const first = screen.getByLabelText('Range 1');
    await userEvent.click(first);
    await userEvent.paste('10.0.0.0/33');
    expect(
      screen.getByText("'10.0.0.0/33': an IPv4 prefix length is at most 32"),
    ).toBeInTheDocument();
    await userEvent.clear(first);
    await userEvent.paste('10.0.0.0/8');
    expect(screen.queryByText(/prefix length/)).not.toBeInTheDocument();

    await userEvent.click(screen.getByRole('button', { name: 'Add range' }));
    const second = screen.getByLabelText('Range 2');
    await userEvent.click(second);
    await userEvent.paste('2001:db8::/129');
    expect(
      screen.getByText(
        "'2001:db8::/129': an IPv6 prefix length is at most 128",
      ),
    ).toBeInTheDocument();
    await userEvent.clear(second);
    await userEvent.paste('2001:db8::/32');
    expect(field.current()).toEqual(['10.0.0.0/8', '2001:db8::/32']);

    await userEvent.click(
      screen.getByRole('button', { name: 'Remove range 1' }),
    );
    expect(field.current()).toEqual(['2001:db8::/32']);
  });

  it('shows the problems of every entry after a submit', async () => {
    await renderField<string[]>(TenantCidrList, {
      name: 'allowedCidrs',
      value: ['', 'example.com/24'],
      schema,
      rawErrors: ['Range 1: ...'],
    });
    expect(
      screen.getByText(
        'Enter an IPv4 or IPv6 range such as 203.0.113.0/24, or remove the empty entry',
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByText(
        "'example.com/24' does not start with a valid IPv4 or IPv6 address",
      ),
    ).toBeInTheDocument();
  });
});

describe('tenantCidrListValidation', () => {
  it('names each invalid or repeated range', () => {
    expect(
      cidrListProblems([
        '10.0.0.0/8',
        '10.0.0.0',
        ' 10.1.0.0/16',
        '10.0.0.0/8',
      ]),
    ).toEqual([
      "Range 2: '10.0.0.0' is not a CIDR range: write an address and a prefix length, e.g. 203.0.113.0/24",
      "Range 3: ' 10.1.0.0/16' has spaces around it",
      "Range 4: '10.0.0.0/8' is listed more than once",
    ]);
  });

  it('accepts valid ranges and an empty (open) list', () => {
    const { errors, validation } = recordingValidation();
    tenantCidrListValidation(
      ['203.0.113.0/24', '2001:db8::/32', '::ffff:10.0.0.0/104'],
      validation,
      {} as any,
    );
    tenantCidrListValidation([], validation, {} as any);
    expect(errors).toEqual([]);
  });
});

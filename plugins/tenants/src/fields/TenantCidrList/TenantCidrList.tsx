import { useState } from 'react';
import Box from '@material-ui/core/Box';
import IconButton from '@material-ui/core/IconButton';
import TextField from '@material-ui/core/TextField';
import DeleteIcon from '@material-ui/icons/Delete';
import type { FieldExtensionComponentProps } from '@backstage/plugin-scaffolder-react';
import { ListFieldFrame } from '../ListFieldFrame';
import { StatusLine } from '../StatusLine';
import { cidrEntryProblem, MAX_CIDRS } from './validation';

/**
 * The network ranges allowed to reach the tenant, IPv4 or IPv6 in CIDR
 * notation, each checked as it is typed. An empty list means open.
 */
export const TenantCidrList = (
  props: FieldExtensionComponentProps<string[]>,
) => {
  const { formData, onChange, rawErrors = [], disabled, idSchema } = props;
  const entries = Array.isArray(formData) ? formData : [];
  const submitted = rawErrors.length > 0;
  // Entries count as touched once typed into, so a new empty one is not an error yet.
  const [touched, setTouched] = useState<Set<number>>(new Set());

  const set = (index: number, value: string) => {
    setTouched(current => new Set(current).add(index));
    onChange(entries.map((entry, i) => (i === index ? value : entry)));
  };
  const remove = (index: number) => {
    setTouched(
      current =>
        new Set(
          [...current]
            .filter(i => i !== index)
            .map(i => (i > index ? i - 1 : i)),
        ),
    );
    onChange(entries.filter((_, i) => i !== index));
  };

  return (
    <ListFieldFrame
      field={props}
      defaultTitle="Allowed network ranges"
      defaultDescription="IPv4/IPv6 CIDR ranges allowed to reach the tenant; empty means open"
      count={entries.length}
      max={MAX_CIDRS}
      addLabel="Add range"
      onAdd={() => onChange([...entries, ''])}
      addStyle={{ marginTop: 8 }}
    >
      {entries.length === 0 && (
        <StatusLine severity="info">
          No ranges: the tenant is open to every network.
        </StatusLine>
      )}
      {entries.map((entry, index) => {
        const problem =
          submitted || touched.has(index) || entry !== ''
            ? cidrEntryProblem(entry, index, entries)
            : undefined;
        return (
          <Box key={index} display="flex" alignItems="flex-start">
            <TextField
              id={`${idSchema?.$id ?? 'allowedCidrs'}_${index}`}
              label={`Range ${index + 1}`}
              value={entry}
              placeholder="203.0.113.0/24 or 2001:db8::/32"
              disabled={disabled}
              onChange={e => set(index, e.target.value)}
              error={!!problem}
              helperText={problem ?? ' '}
              margin="dense"
              fullWidth
              inputProps={{ spellCheck: false }}
            />
            <IconButton
              aria-label={`Remove range ${index + 1}`}
              disabled={disabled}
              onClick={() => remove(index)}
              style={{ marginTop: 12 }}
            >
              <DeleteIcon />
            </IconButton>
          </Box>
        );
      })}
    </ListFieldFrame>
  );
};

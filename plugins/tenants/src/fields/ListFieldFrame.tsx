import type { CSSProperties, ReactNode } from 'react';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Typography from '@material-ui/core/Typography';
import AddIcon from '@material-ui/icons/Add';
import type { FieldExtensionComponentProps } from '@backstage/plugin-scaffolder-react';

/**
 * A field that edits a list: its title and description (the template's,
 * or the defaults given), the entries, and a button that adds one until
 * there are `max`.
 */
export function ListFieldFrame(props: {
  field: Pick<
    FieldExtensionComponentProps<unknown>,
    'schema' | 'idSchema' | 'disabled'
  >;
  defaultTitle: string;
  defaultDescription: string;
  count: number;
  max: number;
  addLabel: string;
  onAdd: () => void;
  addStyle?: CSSProperties;
  children: ReactNode;
}) {
  const { field, count, max, addLabel, onAdd, addStyle } = props;
  return (
    <Box id={field.idSchema?.$id} mt={2} mb={1}>
      <Typography variant="subtitle1">
        {field.schema.title ?? props.defaultTitle}
      </Typography>
      <Typography variant="body2" color="textSecondary" gutterBottom>
        {field.schema.description ?? props.defaultDescription}
      </Typography>
      {props.children}
      <Button
        variant="outlined"
        startIcon={<AddIcon />}
        disabled={field.disabled || count >= max}
        onClick={onAdd}
        style={addStyle}
      >
        {addLabel}
      </Button>
    </Box>
  );
}

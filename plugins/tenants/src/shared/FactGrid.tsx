import type { ReactNode } from 'react';
import { makeStyles } from '@material-ui/core/styles';

const useStyles = makeStyles(theme => ({
  grid: {
    display: 'grid',
    gridTemplateColumns: 'max-content 1fr',
    columnGap: theme.spacing(2),
    rowGap: theme.spacing(0.5),
    margin: 0,
    '& dt': { color: theme.palette.text.secondary },
    '& dd': { margin: 0, overflowWrap: 'anywhere' },
  },
}));

/** A definition list laid out as two columns: labels (`dt`) and values (`dd`). */
export function FactGrid(props: { children: ReactNode }) {
  const classes = useStyles();
  return <dl className={classes.grid}>{props.children}</dl>;
}

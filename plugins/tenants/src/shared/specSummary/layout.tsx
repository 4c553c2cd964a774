import { Fragment, type ReactNode } from 'react';
import Box from '@material-ui/core/Box';
import Grid from '@material-ui/core/Grid';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { InfoCard } from '@backstage/core-components';
import { FactGrid } from '../FactGrid';
import type { Fact } from './facts';

/** Facts as a two-column definition list. */
export function FactList(props: { facts: Fact[] }) {
  return (
    <FactGrid>
      {props.facts.map(([label, value], index) => (
        <Fragment key={`${label}-${index}`}>
          <dt>{label}</dt>
          <dd>{value}</dd>
        </Fragment>
      ))}
    </FactGrid>
  );
}

/** Facts as the rows of a small table, each labelled by a row header. */
export function FactTable(props: { facts: Fact[] }) {
  return (
    <Table size="small">
      <TableBody>
        {props.facts.map(([label, value], index) => (
          <TableRow key={`${label}-${index}`}>
            <TableCell
              component="th"
              scope="row"
              style={{ width: '30%', fontWeight: 500 }}
            >
              {label}
            </TableCell>
            <TableCell>{value}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

/** How one wizard step is framed in a summary. */
export interface StepFrameProps {
  step: number;
  title: string;
  /** Whether the step takes a whole row of a grid of cards. */
  wide?: boolean;
  children: ReactNode;
}

/** A step as a card titled `1 · Tenant Details`, half a row wide unless `wide`. */
export function StepCard(props: StepFrameProps) {
  const { step, title, wide, children } = props;
  return (
    <Grid item xs={12} md={wide ? false : 6}>
      <InfoCard title={`${step} · ${title}`}>{children}</InfoCard>
    </Grid>
  );
}

/** A step as a section headed `1. Tenant Details`. */
export function StepSection(props: StepFrameProps) {
  const { step, title, children } = props;
  const headingId = `tenant-spec-step-${step}`;
  return (
    <Box component="section" aria-labelledby={headingId} mb={2}>
      <Typography variant="subtitle1" id={headingId}>
        {step}. {title}
      </Typography>
      {children}
    </Box>
  );
}

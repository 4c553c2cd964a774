import Grid from '@material-ui/core/Grid';
import type { TenantSpecInput } from '@tenant-platform/backstage-plugin-tenants-common';
import { DataSourceTable } from './DataSourceTable';
import { dataSourceFacts, specFacts, type PlacementFacts } from './facts';
import { FactList, FactTable, StepCard, StepSection } from './layout';

export interface TenantSpecSummaryProps extends PlacementFacts {
  spec: TenantSpecInput;
  /**
   * `cards`: a grid of cards, one per step, each a list of facts, and a
   * table of the data sources (the Tenant tab). `sections`: one section per
   * step, each a small table with a line per data source (the wizard's
   * Review step).
   */
  layout: 'cards' | 'sections';
  /**
   * The wizard's scaffolder secrets: a data source whose password secret
   * they no longer hold shows the password as missing.
   */
  secrets?: Record<string, string>;
}

/**
 * A tenant specification by wizard step (1 to 5), with the data sources'
 * passwords masked: the spec only names the scaffolder secret that holds a
 * password, and that name is not shown either.
 */
export function TenantSpecSummary(props: TenantSpecSummaryProps) {
  const { spec, layout, secrets } = props;
  const facts = specFacts(spec, props);
  const dataSources = spec.dataSources ?? [];
  const Step = layout === 'cards' ? StepCard : StepSection;
  const Facts = layout === 'cards' ? FactList : FactTable;

  const steps = (
    <>
      <Step step={1} title="Tenant Details">
        <Facts facts={facts.details} />
      </Step>
      <Step step={2} title="Infrastructure">
        <Facts facts={facts.infrastructure} />
      </Step>
      <Step step={3} title="Data Sources" wide>
        {layout === 'cards' ? (
          <DataSourceTable sources={dataSources} secrets={secrets} />
        ) : (
          <Facts facts={dataSourceFacts(dataSources, secrets)} />
        )}
      </Step>
      <Step step={4} title="Service Selection">
        <Facts facts={facts.modules} />
      </Step>
      <Step step={5} title="Security">
        <Facts facts={facts.security} />
      </Step>
    </>
  );
  return layout === 'cards' ? (
    <Grid container spacing={2}>
      {steps}
    </Grid>
  ) : (
    steps
  );
}

import Typography from '@material-ui/core/Typography';

/** A refusal or failure shown where it happened, announced to screen readers. */
export function ErrorLine(props: { message?: string }) {
  if (!props.message) return null;
  return (
    <Typography color="error" role="alert">
      {props.message}
    </Typography>
  );
}

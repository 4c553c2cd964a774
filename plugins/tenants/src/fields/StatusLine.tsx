import { ReactNode } from 'react';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import CheckCircleIcon from '@material-ui/icons/CheckCircle';
import ErrorIcon from '@material-ui/icons/Error';
import InfoIcon from '@material-ui/icons/Info';
import { useTheme } from '@material-ui/core/styles';

/** A one-line outcome with an icon: success, error or info. */
export function StatusLine(props: {
  severity: 'success' | 'error' | 'info';
  detail?: ReactNode;
  children: ReactNode;
}) {
  const { severity, detail, children } = props;
  const theme = useTheme();
  const color = {
    success: theme.palette.success?.main ?? theme.palette.primary.main,
    error: theme.palette.error.main,
    info: theme.palette.text.secondary,
  }[severity];
  const Icon = {
    success: CheckCircleIcon,
    error: ErrorIcon,
    info: InfoIcon,
  }[severity];
  return (
    <Box
      display="flex"
      alignItems="flex-start"
      mt={1}
      role={severity === 'error' ? 'alert' : 'status'}
    >
      <Icon fontSize="small" style={{ color, marginRight: 8, marginTop: 2 }} />
      <div>
        <Typography variant="body2" style={{ color }}>
          {children}
        </Typography>
        {detail && (
          <Typography variant="caption" color="textSecondary">
            {detail}
          </Typography>
        )}
      </div>
    </Box>
  );
}

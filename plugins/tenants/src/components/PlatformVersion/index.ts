export { BehindBanner } from './BehindBanner';
export { PlatformVersionCard } from './PlatformVersionCard';
export { PlatformVersionCell } from './PlatformVersionCell';
export { UpgradePreviewDialog } from './UpgradePreviewDialog';
export { usePlatformVersions } from './usePlatformVersions';

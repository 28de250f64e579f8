import { t } from '../../utils/i18n';
import type { AccountSnapshot } from '../../utils/snapshot/types';
import type { Session } from '../../utils/storage';

export interface ArchiveViewProps {
  session: Session;
  snapshot: AccountSnapshot | null;
}

export function ArchiveView(_props: ArchiveViewProps) {
  return <p>{t('error_notAvailable')}</p>;
}

import type { Finding } from '../../utils/checks/types';
import { t } from '../../utils/i18n';
import type { AccountSnapshot } from '../../utils/snapshot/types';

export interface RescopeViewProps {
  snapshot: AccountSnapshot | null;
  findings: readonly Finding[];
  preselected?: string[];
}

export function RescopeView(_props: RescopeViewProps) {
  return <p>{t('error_notAvailable')}</p>;
}

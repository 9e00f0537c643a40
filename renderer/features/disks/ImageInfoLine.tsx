// What qemu-img says about a chosen file (host.imageInfo): its format fills
// the format field; size, backing file and encryption are shown.
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ErrorInfo } from '../../../shared/core/errors.ts';
import type { ImageInfo } from '../../../shared/contract/features/files.ts';
import { formatBytes } from '../../../shared/core/units.ts';
import { api } from '../../platform/api/instance.ts';
import { Spinner } from '../../platform/components/EmptyState.tsx';
import { ErrorCallout } from '../../platform/components/ErrorCallout.tsx';

export function ImageInfoLine({ host, path, onInfo }: { host: string; path: string; onInfo(info: ImageInfo | null): void }) {
  const { t } = useTranslation();
  const [info, setInfo] = useState<ImageInfo | null>(null);
  const [error, setError] = useState<ErrorInfo | null>(null);
  const [loading, setLoading] = useState(false);

  useEffect(() => {
    let live = true;
    setLoading(true);
    setError(null);
    setInfo(null);
    void api()
      .call('host.imageInfo', { host, path })
      .then((out) => {
        if (!live) return;
        setLoading(false);
        if (out.ok) {
          setInfo(out.result);
          onInfo(out.result);
        } else {
          setError(out.error);
          onInfo(null);
        }
      });
    return () => {
      live = false;
    };
    // onInfo is a fresh closure each render; only the path matters.
  }, [host, path]);

  if (loading) return <Spinner label={t('wizard.attach.readingImage')} />;
  if (error) return <ErrorCallout error={error} compact titleKey="wizard.attach.imageInfoFailed" />;
  if (!info) return null;
  return (
    <dl className="image-info" data-image-format={info.format}>
      <div className="field">
        <dt>{t('fields.format')}</dt>
        <dd>{info.format}</dd>
      </div>
      <div className="field">
        <dt>{t('fields.capacity')}</dt>
        <dd>{formatBytes(info.virtualSize)}</dd>
      </div>
      {info.actualSize !== undefined && (
        <div className="field">
          <dt>{t('fields.physical')}</dt>
          <dd>{formatBytes(info.actualSize)}</dd>
        </div>
      )}
      {info.backingFile && (
        <div className="field">
          <dt>{t('columns.backingFile')}</dt>
          <dd className="mono">{info.backingFile}</dd>
        </div>
      )}
      {info.encrypted && (
        <div className="field">
          <dt>{t('wizard.attach.encrypted')}</dt>
          <dd>{t('wizard.attach.encryptedNote')}</dd>
        </div>
      )}
    </dl>
  );
}

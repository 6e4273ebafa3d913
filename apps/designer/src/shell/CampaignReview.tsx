import { Alert, Card, Descriptions, Space, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from './api';
import { StatusTag } from './StatusTag';

interface Review {
  campaign: { id: string; name: string; status: string; approval: { status: string; contentHash: string } | null };
  audienceCount: number;
  variants: Array<{ name: string; weight: number; subject: string | null; body: string; preview: { subject: string | null; body: string } }>;
  sensitiveWords: Array<{ pointer: string; message: string }>;
}

/**
 * What an approver of a campaign decides on, shown on its approval request:
 * how many people it reaches now, each variant as a recipient reads it, and
 * the tenant's sensitive words found in it. Nothing for other requests.
 */
export function CampaignReview({ requestId }: { requestId: string }) {
  const { t } = useTranslation();
  const [review, setReview] = useState<Review | null>(null);
  useEffect(() => {
    let current = true;
    void (async () => {
      const { items } = await api<{ items: Array<{ id: string }> }>(`/campaigns?request=${requestId}&limit=1`);
      if (items[0] && current) setReview(await api<Review>(`/campaigns/${items[0].id}/review`));
    })().catch(() => undefined);
    return () => { current = false; };
  }, [requestId]);
  if (!review) return null;
  const { campaign } = review;
  return (
    <Card size="small" title={t('campaignReview.title')} data-testid="campaign-review">
      <Descriptions size="small" column={{ xs: 1, sm: 2 }} items={[
        { key: 'name', label: t('campaignReview.campaign'), children: campaign.name },
        { key: 'status', label: t('campaignReview.status'), children: <StatusTag status={campaign.status} /> },
        { key: 'audience', label: t('campaignReview.audience'), children: <span data-testid="campaign-audience">{t('campaignReview.recipients', { count: review.audienceCount })}</span> },
        ...(campaign.approval ? [{ key: 'hash', label: t('campaignReview.approval'), children: <Typography.Text code className="wrap-title">{campaign.approval.contentHash.slice(0, 12)}</Typography.Text> }] : []),
      ]} />
      <Space orientation="vertical" size="small" style={{ width: '100%', marginTop: 8 }}>
        {review.variants.map((v) => (
          <Card key={v.name} size="small" type="inner" title={t('campaignReview.variant', { name: v.name, weight: v.weight })} data-testid="campaign-variant">
            <Typography.Text type="secondary">{t('campaignReview.preview')}</Typography.Text>
            {v.preview.subject && <div><Typography.Text strong>{t('campaignReview.subject')}: </Typography.Text>{v.preview.subject}</div>}
            <div className="wrap-title">{v.preview.body}</div>
          </Card>
        ))}
        {review.sensitiveWords.length === 0
          ? <Alert type="success" showIcon title={`${t('campaignReview.words')}: ${t('campaignReview.clean')}`} data-testid="campaign-words" />
          : <Alert type="warning" showIcon data-testid="campaign-words" title={`${t('campaignReview.words')}: ${t('campaignReview.found')}`}
            description={<ul style={{ margin: 0, paddingLeft: 18 }}>{review.sensitiveWords.map((w) => <li key={w.pointer}>{w.message}</li>)}</ul>} />}
      </Space>
    </Card>
  );
}

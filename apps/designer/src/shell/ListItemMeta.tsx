import type { ReactNode } from 'react';

/**
 * antd's List.Item.Meta, with the title in a div: antd writes it as an h4,
 * which skips heading levels on pages whose sections are h2 (axe's
 * heading-order). The same class names, so antd's list styles apply as before.
 */
export function ListItemMeta({ title, description }: { title: ReactNode; description?: ReactNode }) {
  return (
    <div className="ant-list-item-meta">
      <div className="ant-list-item-meta-content">
        <div className="ant-list-item-meta-title">{title}</div>
        {description !== undefined && <div className="ant-list-item-meta-description">{description}</div>}
      </div>
    </div>
  );
}

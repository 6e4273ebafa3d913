import { AuditOutlined, CarOutlined, DollarOutlined, FileTextOutlined, LaptopOutlined, ShoppingCartOutlined, SolutionOutlined, TeamOutlined } from '@ant-design/icons';
import { Avatar } from 'antd';
import type { ComponentType } from 'react';

/** An icon and a colour per category of form, so the catalogue reads at a glance. */
const KINDS: Array<[RegExp, ComponentType, string]> = [
  [/hr|people|leave|人事|请假/i, TeamOutlined, '#12b76a'],
  [/financ|expense|budget|pay|财务|报销|预算/i, DollarOutlined, '#f79009'],
  [/purchas|procure|采购/i, ShoppingCartOutlined, '#7a5af8'],
  [/travel|trip|出差/i, CarOutlined, '#0ba5ec'],
  [/legal|contract|法务|合同/i, AuditOutlined, '#ee46bc'],
  [/\bIT\b|[Dd]evice|设备/, LaptopOutlined, '#2e90fa'],
  [/admin|office|行政/i, SolutionOutlined, '#667085'],
];

export function CategoryIcon({ category, small = false }: { category: string | null | undefined; small?: boolean }) {
  const [, Icon, colour] = KINDS.find(([re]) => re.test(category ?? '')) ?? [null, FileTextOutlined, '#2463eb'];
  if (small) return <Icon />;
  return <Avatar shape="square" size={40} icon={<Icon />} style={{ background: colour, flex: 'none' }} />;
}

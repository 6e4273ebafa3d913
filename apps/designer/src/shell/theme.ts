import type { ThemeConfig } from 'antd';

/** The one visual language: antd's tokens, set once. */
export const THEME: ThemeConfig = {
  token: { colorPrimary: '#2463eb', borderRadius: 6, fontFamily: "system-ui, 'Noto Sans CJK SC', 'Microsoft YaHei', sans-serif" },
  components: { Layout: { headerBg: '#10233f', headerPadding: '0 16px', headerHeight: 52 } },
};

import type { ThemeConfig } from 'antd';

/** The one visual language: antd's tokens, set once. */
export const THEME: ThemeConfig = {
  // a hovered or pressed primary button darkens (antd lightens it, to 3:1 under white text); secondary, tertiary, description and placeholder texts dark enough for a 4.5:1 contrast on white and on light greys (axe-core's color-contrast)
  token: {
    colorPrimary: '#2463eb', colorPrimaryHover: '#1d4ed8', colorPrimaryActive: '#1e40af', borderRadius: 6, fontFamily: "system-ui, 'Noto Sans CJK SC', 'Microsoft YaHei', sans-serif",
    colorTextSecondary: '#565e6a', colorTextTertiary: '#565e6a', colorTextDescription: '#565e6a', colorTextDisabled: '#6b7280', colorTextPlaceholder: '#6b7280', colorError: '#cf1322', colorLink: '#1d4ed8',
  },
  components: { Layout: { headerBg: '#10233f', headerPadding: '0 16px', headerHeight: 52 } },
};

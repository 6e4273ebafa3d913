/**
 * The few styles antd does not give: the page frame, the phone action bar,
 * the canvas nodes, and the designer's panels (".legacy": the controls that
 * react-jsonschema-form and react-querybuilder render in the property panel).
 */
export const CSS = `
  body { margin: 0; }
  .shell { height: 100vh; }
  .top { display: flex; gap: 12px; align-items: center; line-height: 52px; }
  .top .brand { color: #fff; font-size: 17px; letter-spacing: .5px; }
  .top-menu { flex: 1; min-width: 0; background: transparent; }
  .top-text, .top-text.ant-btn { color: #dbe6ff !important; }
  .whoami { max-width: 140px; }
  .grow { flex: 1; }
  .main { display: flex; flex-direction: column; min-height: 0; overflow: auto; }
  .login, .decide { max-width: 380px; width: calc(100% - 32px); margin: 48px auto; }
  .page-pad { padding: 16px; max-width: 1280px; width: 100%; margin: 0 auto; }
  .split-page { flex: 1; display: flex; min-height: 0; }
  .split-page > .list { width: 340px; flex: none; overflow: auto; border-right: 1px solid #eef0f3; background: #fff; padding: 12px; }
  .split-page > .content { flex: 1; min-width: 0; overflow: auto; padding: 16px; }
  .phone .page-pad { padding: 8px; }
  .phone .ant-card-body { padding: 12px; }
  .phone .ant-card-head { padding: 0 12px; }
  .phone .split-page > .content { padding: 12px 12px 96px; }
  .with-action-bar { padding-bottom: 96px; }
  .action-bar { position: sticky; bottom: 0; z-index: 10; display: flex; gap: 8px; padding: 10px 12px; background: #fff; border-top: 1px solid #eef0f3; box-shadow: 0 -2px 8px rgba(16,35,63,.06); }
  .phone .action-bar { position: fixed; left: 0; right: 0; bottom: 0; padding-bottom: calc(10px + env(safe-area-inset-bottom)); }
  .action-bar .ant-btn { flex: 1; height: 44px; }
  .admin-sections { display: flex; flex-wrap: wrap; gap: 6px; margin-bottom: 12px; }
  .admin-sections .ant-radio-button-wrapper { border-radius: 6px; border-inline-start-width: 1px; }
  .admin-sections .ant-radio-button-wrapper::before { display: none; }
  .catalogue { display: grid; grid-template-columns: repeat(auto-fill, minmax(240px, 1fr)); gap: 12px; }
  .phone .catalogue { grid-template-columns: 1fr; }
  .catalogue .ant-card-meta-description { display: -webkit-box; -webkit-line-clamp: 2; -webkit-box-orient: vertical; overflow: hidden; }
  .wrap-title { white-space: normal; display: block; line-height: 1.35; padding: 10px 0; }
  /* read-only values are read, not greyed out */
  .request-form .ant-input[disabled], .request-form .ant-input-number-disabled input, .request-form .ant-select-disabled .ant-select-content, .request-form .ant-picker-disabled input { color: rgba(0,0,0,.85) !important; -webkit-text-fill-color: rgba(0,0,0,.85); }
  .request-form .ant-input-number-disabled .ant-input-number-handler-wrap { display: none; }
  .request-form .ant-input, .request-form .ant-input-number, .request-form .ant-select, .request-form .ant-picker { width: 100%; }
  .kbd-hint kbd { border: 1px solid #d0d5dd; border-bottom-width: 2px; border-radius: 4px; padding: 0 4px; font-size: 11px; background: #f7f8fa; }
  .task-row.ant-list-item { cursor: pointer; padding: 10px 8px; border-radius: 6px; }
  .task-row.current { background: #eef4ff; }
  .signature canvas { border: 1px dashed #8993a4; border-radius: 4px; touch-action: none; max-width: 100%; }
  .attachments { list-style: none; padding: 0; margin: 4px 0; }
  .attachments progress { width: 120px; vertical-align: middle; }
  .table-input { overflow-x: auto; }
  .table-input table { border-collapse: collapse; width: 100%; }
  .table-input td, .table-input th { border-bottom: 1px solid #eef0f3; padding: 4px; text-align: left; vertical-align: top; }
  .table-input td .ant-input, .table-input td .ant-input-number, .table-input td .ant-select { width: 100%; min-width: 90px; }
  .field-error { color: #b42318; font-size: 12px; }
  .what-if { padding: 8px 12px; border-bottom: 1px solid #e5e7eb; background: #fffdf5; }
  .what-if .findings { max-height: 38vh; overflow: auto; margin-bottom: 6px; }
  .what-if h2 { margin: 0 0 6px; } .what-if ul { margin: 4px 0 8px; padding-left: 18px; }
  .migration { margin-top: 12px; border-top: 1px solid #e5e7eb; padding-top: 8px; }
  .migration table.mapping { border-collapse: collapse; margin: 8px 0; } .migration table.mapping td, .migration table.mapping th { padding: 3px 6px; text-align: left; border-bottom: 1px solid #eef0f3; }
  .visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
  .readonly-canvas { height: 320px; border: 1px solid #eef0f3; border-radius: 8px; background: #fbfcfe; }
  .phone .readonly-canvas { height: 260px; }
  .legacy button:not([class*='ant-']) { cursor: pointer; font: inherit; padding: 3px 8px; border: 1px solid #b8c0cc; background: #f7f8fa; border-radius: 4px; }
  .legacy button:not([class*='ant-']):disabled { cursor: default; opacity: .5; }
  .legacy input:not([class*='ant-']), .legacy select, .legacy textarea:not([class*='ant-']) { font: inherit; padding: 3px 5px; border: 1px solid #b8c0cc; border-radius: 4px; max-width: 100%; }
  .legacy label:not([class*='ant-']):not(.ant-form-item-label > label) { display: flex; flex-direction: column; gap: 2px; margin: 4px 0; }
  .legacy .row-actions label { flex-direction: row; align-items: center; gap: 6px; }
  .legacy .bounds { display: flex; gap: 8px; } .legacy .bounds .ant-input-number { width: 100%; }
  .legacy .ant-checkbox-wrapper { margin: 4px 12px 4px 0; }
  .legacy label > .ant-select, .legacy label > .ant-picker { width: 100%; }
  .problem-link.ant-btn { height: auto; padding: 2px 0; white-space: normal; text-align: left; }
  .designer h2 { font-size: 15px; margin: 10px 0 6px; } .designer h3 { font-size: 13px; margin: 8px 0 4px; }
  .section-title.ant-typography { font-size: 16px; margin: 4px 0 8px; }
  .designer { flex: 1; display: flex; flex-direction: column; min-height: 0; }
  .toolbar { display: flex; flex-wrap: wrap; gap: 6px; align-items: center; padding: 6px 8px; border-bottom: 1px solid #dde2e8; }
  .toolbar .ant-divider-vertical { margin: 0; height: 20px; }
  .toolbar.phone { gap: 4px; padding: 4px 6px; }
  .toolbar-more { min-width: 240px; max-width: calc(100vw - 16px); }
  .toolbar-more-fields { display: flex; flex-direction: column; gap: 6px; padding: 8px 8px 4px; }
  .designer-body { flex: 1; display: flex; min-height: 0; }
  /* on a phone the designer stacks: the flow on top, its panels below, the palette left out (the + on edges and in the chain inserts) */
  @media (max-width: 767px) {
    .designer-body { flex-direction: column; overflow: auto; }
    .designer-body > .palette { display: none; }
    .designer-body > .canvas, .designer-body > .approval-flow { flex: none; height: 62vh; }
    /* on a phone the minimap would cover a third of the flow: pinch and drag instead */
    .canvas .react-flow__minimap { display: none; }
    .designer-body > .side { width: auto; border-left: none; border-top: 1px solid #dde2e8; flex: none; min-height: 50vh; }
  }
  .palette { width: 190px; overflow: auto; border-right: 1px solid #dde2e8; padding: 6px; }
  .palette h3 { margin: 10px 0 4px; color: #5b6675; font-size: 12px; }
  .palette-item { display: block; width: 100%; text-align: left; margin: 2px 0; }
  .palette-icon { display: inline-block; width: 18px; text-align: center; }
  .canvas { flex: 1; min-width: 0; position: relative; }
  /* the pane moves as one composited layer: panning repaints nothing */
  .canvas .react-flow__viewport { will-change: transform; }
  /* zoomed far out (see COMPACT_ZOOM): no positioned boxes inside the cards, no edge labels */
  .canvas-compact .react-flow__handle, .canvas-compact .react-flow__edgelabel-renderer, .canvas-compact .step-summary { display: none; }
  .canvas-compact .step { position: static; }
  .approval-flow { flex: 1; min-width: 0; overflow: auto; background: #f5f7fa; padding: 24px 16px 48px; }
  .chain-column { display: flex; flex-direction: column; align-items: center; min-width: max-content; margin: 0 auto; }
  .chain-item { display: flex; flex-direction: column; align-items: center; }
  .chain-gap { display: flex; flex-direction: column; align-items: center; padding: 18px 0; position: relative; }
  .chain-gap::before { content: ''; position: absolute; top: 0; bottom: 0; left: 50%; border-left: 2px solid #c4cdd9; }
  .chain-card { width: 240px; position: relative; background: #fff; border-radius: 8px; border: 1px solid #d0d5dd; border-top: 4px solid #98a2b3; box-shadow: 0 1px 3px rgba(16,35,63,.08); }
  .chain-card.step-approval { border-top-color: #ff943e; }
  .chain-card.step-cc { border-top-color: #3296fa; }
  .chain-start { border-top-color: #576a95; }
  .chain-condition { border-top-color: #15bc83; }
  .chain-card-body { display: flex; flex-direction: column; gap: 4px; width: 100%; padding: 8px 28px 10px 10px; background: none; border: none; text-align: left; font: inherit; cursor: pointer; }
  .chain-start .chain-card-body { cursor: default; }
  .chain-card-head { display: flex; align-items: center; gap: 6px; }
  .chain-summary { font-size: 12px; color: #475467; line-height: 1.35; }
  .chain-remove { position: absolute; top: 4px; right: 2px; }
  .chain-selected { outline: 2px solid #2463eb; }
  .chain-branch { display: flex; flex-direction: column; align-items: center; border-top: 2px solid #c4cdd9; border-bottom: 2px solid #c4cdd9; position: relative; padding: 0 8px; }
  .chain-branch-head { display: flex; gap: 4px; transform: translateY(-50%); background: #f5f7fa; padding: 0 4px; }
  .chain-arms { display: flex; gap: 16px; align-items: stretch; }
  .chain-arm { display: flex; flex-direction: column; align-items: center; position: relative; padding: 0 8px; }
  .chain-arm::after { content: ''; flex: 1; border-left: 2px solid #c4cdd9; min-height: 0; }
  .chain-end { margin-top: 4px; padding: 6px 18px; border-radius: 16px; background: #fff; border: 1px solid #d0d5dd; color: #475467; }
  .properties .array-item { display: flex; gap: 4px; align-items: flex-start; margin-bottom: 6px; }
  .properties .array-item > :first-child { flex: 1; min-width: 0; }
  .properties .array-item-toolbox .btn-group { display: flex; }
  .assignee .ant-select { min-width: 0 !important; }
  .side { width: 400px; border-left: 1px solid #dde2e8; display: flex; flex-direction: column; min-height: 0; }
  .tabs { display: flex; flex-wrap: wrap; gap: 2px; padding: 4px; border-bottom: 1px solid #dde2e8; }
  .tab-body { flex: 1; overflow: auto; padding: 8px; }
  .step { width: 230px; padding: 8px 10px; border: 1px solid #d0d5dd; border-radius: 10px; background: #fff; position: relative; box-shadow: 0 1px 3px rgba(16,35,63,.08); border-top: 3px solid #98a2b3; }
  .step-head { display: flex; align-items: center; gap: 6px; }
  .step-icon { display: inline-flex; width: 22px; height: 22px; border-radius: 6px; align-items: center; justify-content: center; background: #eef4ff; color: #2463eb; flex: none; }
  .step-label { font-weight: 600; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
  .step-summary { margin-top: 4px; font-size: 12px; line-height: 1.35; color: #475467; display: -webkit-box; -webkit-line-clamp: 2; -webkit-box-orient: vertical; overflow: hidden; }
  .step-asked { font-size: 11px; color: #2463eb; margin-top: 2px; }
  .step-approval { border-top-color: #12b76a; }
  .step-approval .step-icon { background: #ecfdf3; color: #039855; }
  .step-branch { border-top-color: #f79009; }
  .step-branch .step-icon { background: #fffaeb; color: #dc6803; }
  .step-start, .step-end { border-radius: 20px; }
  .step-problem { border-color: #f04438; border-top-color: #f04438; box-shadow: 0 0 0 3px #fee4e2; }
  .step-badge { position: absolute; top: -9px; right: -9px; background: #d92d20; color: #fff; border-radius: 9px; font-size: 11px; padding: 0 6px; line-height: 18px; }
  .react-flow__edge-text { font-size: 11px; }
  .edge-label { position: absolute; display: flex; align-items: center; gap: 4px; pointer-events: all; font-size: 11px; }
  .edge-text { background: #fff; border: 1px solid #eaecf0; border-radius: 4px; padding: 0 4px; color: #344054; white-space: nowrap; }
  .legacy .edge-insert, .edge-insert { width: 20px; height: 20px; padding: 0; border-radius: 50%; border: 1px solid #98a2b3; background: #fff; color: #2463eb; line-height: 16px; font-weight: 700; opacity: .55; }
  .edge-insert:hover, .edge-insert:focus-visible { opacity: 1; border-color: #2463eb; }
  .step-visited { background: #e7f6ec; border-color: #1f9d55; }
  .step-active { box-shadow: 0 0 0 3px #f79009; }
  .step-selected { outline: 2px solid #2463eb; }
  .edge-conditional path { stroke-dasharray: 6 4; }
  .edge-problem path { stroke: #d92d20 !important; }
  .edge-walked path { stroke: #1f9d55 !important; stroke-width: 3 !important; }
  .problems { padding-left: 16px; }
  .problems code { color: #b42318; }
  .ok { color: #1f9d55; }
  .warn { color: #b54708; }
  .muted { color: #515a66; }
  .hint { color: #515a66; padding: 8px; }
  /* antd's preset tag colours, with text dark enough to read on their pale backgrounds (4.5:1) */
  .ant-tag { color: #2f3640 !important; }
  .ant-tag.ant-tag-blue, .ant-tag.ant-tag-processing { color: #0b3d91 !important; } .ant-tag.ant-tag-green, .ant-tag.ant-tag-success { color: #1d5c0a !important; }
  .ant-tag.ant-tag-gold, .ant-tag.ant-tag-warning { color: #7a4a00 !important; } .ant-tag.ant-tag-red, .ant-tag.ant-tag-error { color: #9b1020 !important; }
  .ant-tag.ant-tag-orange { color: #7a3300 !important; } .ant-tag.ant-tag-purple { color: #3c1a78 !important; } .ant-tag.ant-tag-cyan { color: #00474f !important; }
  .message { color: #175cd3; }
  .field-error { color: #b42318; font-size: 12px; }
  .has-error input, .has-error select, .has-error textarea { border-color: #d92d20; }
  .edge-editor, .field-row, .add-edge, .field-permissions { border: 1px solid #e4e7ec; border-radius: 6px; padding: 6px; margin: 6px 0; }
  .row-actions { display: flex; flex-wrap: wrap; gap: 6px; align-items: center; margin: 4px 0; }
  .modal { position: fixed; inset: 0; background: rgba(16,35,63,.4); display: flex; align-items: center; justify-content: center; z-index: 20; }
  .modal-body { background: #fff; border-radius: 8px; padding: 12px; max-height: 90vh; overflow: auto; width: 80vw; }
  .gallery { display: grid; grid-template-columns: repeat(auto-fill, minmax(220px, 1fr)); gap: 10px; }
  .card { border: 1px solid #dde2e8; border-radius: 6px; padding: 8px; }
  .card h3 { margin: 0; }
  .readonly-canvas { height: 320px; border: 1px solid #dde2e8; border-radius: 6px; margin: 8px 0; }
  .signature canvas { border: 1px dashed #8993a4; border-radius: 4px; touch-action: none; }
  .visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
  .table-input td.has-error input, .table-input td.has-error select { border-color: #b42318; }
  .table-input td input, .table-input td select { width: 100%; box-sizing: border-box; }
  .attachments { list-style: none; padding: 0; margin: 4px 0; }
  .attachments progress { width: 120px; vertical-align: middle; }
  .sim-asks caption { text-align: left; font-weight: 600; }
  .sim-notes { color: #6b7585; }
  .properties .form-group { margin: 4px 0; }
  .properties fieldset { border: 1px solid #e4e7ec; border-radius: 6px; }
  .qb .ruleGroup { padding: 4px; }
  .rjsf .hidden { display: none; }
  .rjsf .field-description { color: #6b7585; font-size: 12px; }
  .rjsf .glyphicon-plus::before { content: '+'; }
  .rjsf .glyphicon-remove::before { content: '✕'; }
  .rjsf .glyphicon-arrow-up::before { content: '↑'; }
  .rjsf .glyphicon-arrow-down::before { content: '↓'; }
  .rjsf .glyphicon-copy::before { content: '⧉'; }
  .rjsf i.glyphicon { font-style: normal; }
`;

/** The app's few styles, kept beside the shell. */
export const CSS = `
  * { box-sizing: border-box; }
  body { margin: 0; font-family: system-ui, 'Noto Sans CJK SC', 'Microsoft YaHei', sans-serif; font-size: 14px; color: #1c2430; }
  button { cursor: pointer; font: inherit; padding: 3px 8px; border: 1px solid #b8c0cc; background: #f7f8fa; border-radius: 4px; }
  button:disabled { cursor: default; opacity: .5; }
  button.primary { background: #2463eb; border-color: #2463eb; color: #fff; }
  button.danger { color: #b42318; }
  button.link { border: none; background: none; color: #2463eb; padding: 2px 0; text-align: left; }
  button.small { font-size: 12px; padding: 1px 6px; margin-left: 6px; }
  input, select, textarea { font: inherit; padding: 3px 5px; border: 1px solid #b8c0cc; border-radius: 4px; max-width: 100%; }
  textarea.json { font-family: ui-monospace, monospace; font-size: 12px; width: 100%; }
  label { display: flex; flex-direction: column; gap: 2px; margin: 4px 0; }
  label.inline, .row-actions label { flex-direction: row; align-items: center; gap: 6px; }
  .shell { display: flex; flex-direction: column; height: 100vh; }
  .top { display: flex; gap: 12px; align-items: center; padding: 6px 12px; border-bottom: 1px solid #dde2e8; background: #10233f; color: #fff; }
  .top a { color: #cfe0ff; margin-right: 12px; text-decoration: none; }
  .top a[aria-current=page] { color: #fff; font-weight: 600; border-bottom: 2px solid #fff; }
  .grow { flex: 1; }
  .brand { font-size: 16px; }
  .login { max-width: 340px; margin: 60px auto; padding: 20px; border: 1px solid #dde2e8; border-radius: 8px; }
  .designer { flex: 1; display: flex; flex-direction: column; min-height: 0; }
  .toolbar { display: flex; flex-wrap: wrap; gap: 6px; align-items: center; padding: 6px 8px; border-bottom: 1px solid #dde2e8; }
  .toolbar .sep { width: 1px; height: 20px; background: #dde2e8; }
  .toolbar label.file { flex-direction: row; align-items: center; font-size: 12px; }
  .toolbar label.file input { width: 160px; }
  .designer-body { flex: 1; display: flex; min-height: 0; }
  .palette { width: 190px; overflow: auto; border-right: 1px solid #dde2e8; padding: 6px; }
  .palette h4 { margin: 10px 0 4px; text-transform: capitalize; color: #5b6675; font-size: 12px; }
  .palette-item { display: block; width: 100%; text-align: left; margin: 2px 0; }
  .palette-icon { display: inline-block; width: 18px; text-align: center; }
  .canvas { flex: 1; min-width: 0; position: relative; }
  .side { width: 400px; border-left: 1px solid #dde2e8; display: flex; flex-direction: column; min-height: 0; }
  .tabs { display: flex; flex-wrap: wrap; gap: 2px; padding: 4px; border-bottom: 1px solid #dde2e8; }
  .tabs [aria-selected=true] { background: #2463eb; color: #fff; border-color: #2463eb; }
  .tab-body { flex: 1; overflow: auto; padding: 8px; }
  .step { padding: 6px 10px; border: 1px solid #8993a4; border-radius: 6px; background: #fff; min-width: 150px; position: relative; }
  .step-type { font-size: 10px; text-transform: uppercase; color: #6b7585; }
  .step-label { font-weight: 600; }
  .step-asked { font-size: 11px; color: #2463eb; }
  .step-approval { border-color: #1f9d55; }
  .step-branch { border-style: dashed; }
  .step-problem { border-color: #d92d20; box-shadow: 0 0 0 2px #fecdca; }
  .step-badge { position: absolute; top: -8px; right: -8px; background: #d92d20; color: #fff; border-radius: 9px; font-size: 11px; padding: 0 6px; }
  .step-visited { background: #e7f6ec; border-color: #1f9d55; }
  .step-active { box-shadow: 0 0 0 3px #f79009; }
  .step-selected { outline: 2px solid #2463eb; }
  .edge-problem path { stroke: #d92d20 !important; }
  .edge-walked path { stroke: #1f9d55 !important; stroke-width: 3 !important; }
  .problems { padding-left: 16px; }
  .problems code { color: #b42318; }
  .ok { color: #1f9d55; }
  .warn { color: #b54708; }
  .muted { color: #6b7585; }
  .hint { color: #6b7585; padding: 8px; }
  .message { color: #175cd3; }
  .field-error { color: #b42318; font-size: 12px; }
  .has-error input, .has-error select, .has-error textarea { border-color: #d92d20; }
  .edge-editor, .field-row, .add-edge, .field-permissions { border: 1px solid #e4e7ec; border-radius: 6px; padding: 6px; margin: 6px 0; }
  .row-actions { display: flex; flex-wrap: wrap; gap: 6px; align-items: center; margin: 4px 0; }
  .modal { position: fixed; inset: 0; background: rgba(16,35,63,.4); display: flex; align-items: center; justify-content: center; z-index: 20; }
  .modal-body { background: #fff; border-radius: 8px; padding: 12px; max-height: 90vh; overflow: auto; width: 80vw; }
  .gallery { display: grid; grid-template-columns: repeat(auto-fill, minmax(220px, 1fr)); gap: 10px; }
  .card { border: 1px solid #dde2e8; border-radius: 6px; padding: 8px; }
  .card h4 { margin: 0; }
  .readonly-canvas { height: 320px; border: 1px solid #dde2e8; border-radius: 6px; margin: 8px 0; }
  .page { flex: 1; display: flex; min-height: 0; }
  .page-column { flex: 1; overflow: auto; padding: 8px 12px; }
  .page .list { width: 300px; border-right: 1px solid #dde2e8; overflow: auto; padding: 8px; }
  .page .content { flex: 1; overflow: auto; padding: 8px 16px; }
  .form-field { margin: 8px 0; }
  .form-field label { font-weight: 600; }
  .required { color: #b42318; }
  .timeline { padding-left: 18px; }
  .timeline time { color: #6b7585; font-size: 12px; }
  .signature canvas { border: 1px dashed #8993a4; border-radius: 4px; touch-action: none; }
  .tree ul { padding-left: 18px; }
  .dept { font-weight: 600; }
  .split { display: flex; gap: 12px; }
  .split > ul { width: 320px; }
  .split > section { flex: 1; }
  table { border-collapse: collapse; width: 100%; }
  td, th { border-bottom: 1px solid #e4e7ec; padding: 3px 6px; text-align: left; font-size: 13px; }
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

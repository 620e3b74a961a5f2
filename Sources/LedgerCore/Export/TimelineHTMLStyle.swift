/// The timeline document's only style sheet (inline): screen and A4 print.
enum TimelineHTMLStyle {
    static let css = """
        :root {
          --ink: #0f172a; --muted: #64748b; --line: #e2e8f0; --paper: #ffffff; --soft: #f8fafc; --gutter: 96px;
          --ok: #15803d; --bad: #b91c1c; --tick: #16a34a; --skip: #94a3b8; --untick: #d97706; --note: #0284c7;
          --evidence: #7c3aed; --act: #2563eb; --fail: #dc2626; --rollback: #dc2626; --signoff: #059669;
          --mono: ui-monospace, "SF Mono", Menlo, Consolas, "Liberation Mono", "DejaVu Sans Mono", monospace;
        }
        * { box-sizing: border-box; -webkit-print-color-adjust: exact; print-color-adjust: exact; }
        html { background: var(--paper); }
        body { margin: 0 auto; max-width: 1240px; padding: 28px 32px 40px; color: var(--ink); background: var(--paper);
          font: 13px/1.45 -apple-system, BlinkMacSystemFont, "Segoe UI", Roboto, "Helvetica Neue", Arial, "Liberation Sans", sans-serif; }
        h1 { font-size: 26px; line-height: 1.2; margin: 0 0 14px; letter-spacing: -0.01em; overflow-wrap: anywhere; }
        h2 { font-size: 12px; text-transform: uppercase; letter-spacing: 0.08em; color: var(--muted); margin: 26px 0 10px; font-weight: 700; }
        code { font-family: var(--mono); font-size: 0.92em; }
        .eyebrow { margin: 0 0 4px; color: var(--muted); font-size: 11px; text-transform: uppercase; letter-spacing: 0.1em; font-weight: 600; }
        .dim { color: var(--muted); }
        .none { color: var(--muted); font-style: italic; font-size: 11px; padding: 4px 6px; display: inline-block; }
        b.bad { color: var(--bad); }

        .verify { display: flex; gap: 14px; align-items: flex-start; border-radius: 10px; padding: 14px 18px; margin: 0 0 16px; border: 1px solid; }
        .verify p { margin: 0; }
        .verify .headline { font-size: 19px; font-weight: 800; margin-bottom: 2px; }
        .verify .sign { flex: none; width: 34px; height: 34px; border-radius: 50%; color: #fff; font: 800 20px/34px Arial, sans-serif; text-align: center; }
        .verify.ok { background: #f0fdf4; border-color: #86efac; color: #14532d; }
        .verify.ok .sign { background: var(--ok); }
        .verify.bad { background: #fef2f2; border-color: #fca5a5; color: #7f1d1d; border-width: 2px; }
        .verify.bad .sign { background: var(--bad); }
        .findings { margin: 8px 0 0; padding-left: 20px; }
        .findings li { margin: 2px 0; overflow-wrap: anywhere; }
        .fk { font-weight: 700; text-transform: uppercase; font-size: 11px; letter-spacing: 0.04em; }

        dl { margin: 0; display: grid; gap: 6px 24px; }
        dl div { min-width: 0; }
        dt { color: var(--muted); font-size: 11px; text-transform: uppercase; letter-spacing: 0.06em; font-weight: 600; }
        dd { margin: 0; overflow-wrap: anywhere; }
        .summary { display: grid; grid-template-columns: minmax(0, 3fr) minmax(0, 2fr); gap: 0 20px; }
        .summary.single { grid-template-columns: minmax(0, 1fr); }
        .summary h2 { margin-top: 6px; }
        .kv { grid-template-columns: 104px minmax(0, 1fr); gap: 5px 14px; background: var(--soft); border: 1px solid var(--line); border-radius: 10px; padding: 12px 16px; }
        .kv div { display: contents; }
        .kv dt { padding-top: 1px; }
        .prov .kv { grid-template-columns: 92px minmax(0, 1fr); font-size: 12px; }
        .prov .hash { font-size: 10.5px; word-break: break-all; }
        .quote { font-style: italic; color: #334155; }

        .chip { display: inline-block; padding: 1px 8px; border-radius: 999px; font-size: 11px; font-weight: 700; white-space: nowrap; border: 1px solid rgba(15, 23, 42, 0.12); }
        .ph-preparing { background: #e2e8f0; color: #334155; }
        .ph-executing { background: #bfdbfe; color: #1e3a8a; }
        .ph-verifying { background: #a5f3fc; color: #164e63; }
        .ph-signed-off { background: #bbf7d0; color: #14532d; }
        .ph-rollback-decided { background: #fed7aa; color: #7c2d12; }
        .ph-rolling-back { background: #fecaca; color: #7f1d1d; }
        .ph-rolled-back { background: #fca5a5; color: #450a0a; }

        .chart-wrap { break-inside: avoid; page-break-inside: avoid; }
        .caption { margin: -4px 0 8px; color: var(--muted); font-size: 12px; }
        .chart { position: relative; border: 1px solid var(--line); border-radius: 10px; padding: 8px 14px 4px 0; background: var(--paper); }
        .lane { display: grid; grid-template-columns: var(--gutter) 1fr; align-items: stretch; border-bottom: 1px dashed var(--line); }
        .lane.axis { border-bottom: 0; }
        .lab { font-size: 10px; font-weight: 700; color: var(--muted); text-transform: uppercase; letter-spacing: 0.06em; padding: 6px 10px 0 14px; text-align: right; }
        .track { position: relative; height: 30px; z-index: 1; }
        .t-phase { height: 30px; }
        .t-axis { height: 22px; }
        .overlay { position: absolute; left: var(--gutter); right: 14px; top: 8px; bottom: 26px; pointer-events: none; }
        .overlay.grid { z-index: 0; }
        .overlay.marks { z-index: 3; }
        .shade { position: absolute; top: 0; bottom: 0; background: repeating-linear-gradient(135deg, #fff1f2 0 6px, #ffe4e6 6px 12px); }
        .gl { position: absolute; top: 0; bottom: 0; width: 0; border-left: 1px solid #eef2f7; }
        .t-axis span { position: absolute; top: 4px; transform: translateX(-50%); font-size: 10.5px; color: var(--muted); white-space: nowrap; font-variant-numeric: tabular-nums; }

        .band { position: absolute; top: 4px; bottom: 4px; min-width: 2px; border-radius: 4px; overflow: hidden; border: 1px solid rgba(15, 23, 42, 0.12); }
        .band span { display: block; padding: 3px 7px; font-size: 11px; font-weight: 700; white-space: nowrap; }

        .tk { position: absolute; top: 5px; bottom: 5px; width: 3px; margin-left: -1px; border-radius: 2px; background: var(--tick); opacity: 0.9; }
        .tk.k-skip { background: var(--skip); }
        .tk.k-untick { background: var(--untick); }
        .tk.k-note { background: var(--note); top: 9px; bottom: 9px; }
        .tk.k-evidence { background: var(--evidence); top: 9px; bottom: 9px; }
        .tk.k-action, .tk.k-action-ok { background: var(--act); }
        .tk.k-action-fail { background: var(--fail); }

        .bar { position: absolute; height: 16px; min-width: 4px; border-radius: 4px; background: var(--act); }
        .bar.b-ok { background: linear-gradient(#3b82f6, #2563eb); }
        .bar.b-fail { background: linear-gradient(#ef4444, #dc2626); }
        .bar.b-open { background: repeating-linear-gradient(135deg, #cbd5e1 0 4px, #94a3b8 4px 8px); }
        .bl { position: absolute; left: 100%; margin-left: 5px; top: 0; line-height: 16px; font-size: 11px; white-space: nowrap; font-weight: 600; color: #1e293b; }
        .bar.b-fail .bl { color: var(--fail); }
        .bar.in .bl { left: 6px; margin-left: 0; color: #fff; }
        .bar.flip .bl { left: auto; right: 100%; margin: 0 5px 0 0; }

        .mk { position: absolute; height: 18px; }
        .mk span { position: absolute; left: 0; top: 0; white-space: nowrap; font-size: 11px; font-weight: 700; line-height: 18px; padding: 0 8px;
          border-radius: 0 4px 4px 0; color: #fff; background: var(--rollback); }
        .mk.flip span { left: auto; right: 0; border-radius: 4px 0 0 4px; }
        .mk.m-done span { background: #7f1d1d; }
        .mk.m-signoff span { background: var(--signoff); }
        .ml { position: absolute; top: 0; bottom: 0; width: 0; border-left: 2px solid var(--rollback); margin-left: -1px; }
        .ml.m-done { border-left-color: #7f1d1d; }
        .ml.m-signoff { border-left-color: var(--signoff); }
        .ml.m-rollback, .ml.m-done { border-left-style: dashed; }

        .phases { margin: 10px 0 4px; font-size: 12px; line-height: 2; }
        .arrow { color: #94a3b8; margin: 0 2px; }
        .legend { margin: 2px 0 0; font-size: 11px; color: var(--muted); display: flex; flex-wrap: wrap; gap: 4px 14px; }
        .legend i { display: inline-block; width: 14px; height: 9px; border-radius: 2px; margin-right: 5px; vertical-align: -1px; }
        .lg-tick { background: var(--tick); } .lg-skip { background: var(--skip); } .lg-note { background: var(--note); }
        .lg-ok { background: var(--act); } .lg-fail { background: var(--fail); } .lg-rollback { background: var(--rollback); }
        .lg-open { background: repeating-linear-gradient(135deg, #cbd5e1 0 3px, #94a3b8 3px 6px); } .lg-signoff { background: var(--signoff); }

        table { width: 100%; border-collapse: collapse; font-size: 12px; }
        th { text-align: left; font-size: 10.5px; text-transform: uppercase; letter-spacing: 0.05em; color: var(--muted); font-weight: 700; padding: 6px 8px; border-bottom: 2px solid var(--line); }
        td { padding: 5px 8px; border-bottom: 1px solid var(--line); vertical-align: top; overflow-wrap: anywhere; }
        tr { break-inside: avoid; page-break-inside: avoid; }
        thead { display: table-header-group; }
        .acts tr.a-ok td:first-child { box-shadow: inset 3px 0 var(--act); }
        .acts tr.a-fail { background: #fef2f2; }
        .acts tr.a-fail td:first-child { box-shadow: inset 3px 0 var(--fail); }
        .acts tr.a-open td:first-child { box-shadow: inset 3px 0 #94a3b8; }
        .acts .c-time, .acts .c-dur { white-space: nowrap; font-variant-numeric: tabular-nums; }
        .cmd { font-size: 11px; color: #1e293b; }
        .outcome { font-weight: 700; white-space: nowrap; }
        .a-ok .outcome { color: var(--ok); } .a-fail .outcome { color: var(--fail); } .a-open .outcome { color: var(--muted); }

        .log { table-layout: fixed; }
        col.c-time { width: 96px; } col.c-seq { width: 46px; } col.c-actor { width: 118px; } col.c-kind { width: 132px; }
        col.c-item { width: 24%; } col.c-hash { width: 104px; }
        tr.group th { background: var(--soft); padding: 10px 8px 6px; border-bottom: 1px solid var(--line); text-transform: none; letter-spacing: 0; font-size: 12px; color: var(--ink); font-weight: 400; }
        tr.ev td:first-child { box-shadow: inset 3px 0 transparent; }
        .time { font-variant-numeric: tabular-nums; white-space: nowrap; }
        .time .date { display: block; font-size: 10px; color: var(--muted); }
        .time .zone { display: block; font-size: 10px; color: var(--muted); }
        .time .hms { font-weight: 700; }
        .time .ms { color: var(--muted); font-size: 10px; }
        .seq { color: var(--muted); font-variant-numeric: tabular-nums; }
        .role { display: block; font-size: 10.5px; color: var(--muted); }
        .iid { font-family: var(--mono); font-size: 11px; font-weight: 700; margin-right: 2px; }
        .hash code { font-size: 10.5px; color: var(--muted); }
        .badge { display: inline-block; font: 700 10px/1.6 var(--mono); padding: 0 6px; border-radius: 4px; background: #f1f5f9; color: #334155; max-width: 100%; vertical-align: 1px; }
        .out { margin-top: 4px; } .out-h { font-size: 11px; color: #555; } .out pre { margin: 2px 0 0; padding: 4px 6px; background: #f4f4f4; white-space: pre-wrap; word-break: break-all; max-height: 16em; overflow: auto; }
        .pill { display: inline-block; font-size: 10.5px; font-weight: 700; padding: 0 6px; border-radius: 999px; white-space: nowrap; }
        .p-ok { background: #dcfce7; color: var(--ok); } .p-fail { background: #fee2e2; color: var(--fail); } .p-open { background: #e2e8f0; color: #334155; }
        .badge.k-tick { background: #dcfce7; color: #166534; }
        .badge.k-skip { background: #f1f5f9; color: #475569; }
        .badge.k-untick { background: #fef3c7; color: #92400e; }
        .badge.k-note { background: #e0f2fe; color: #075985; }
        .badge.k-evidence { background: #ede9fe; color: #5b21b6; }
        .badge.k-action, .badge.k-action-ok { background: #dbeafe; color: #1e40af; }
        .badge.k-action-fail { background: #fee2e2; color: #991b1b; }
        .badge.k-rollback { background: var(--rollback); color: #fff; }
        .badge.k-signoff { background: var(--signoff); color: #fff; }
        .badge.k-lifecycle { background: #e2e8f0; color: #0f172a; }
        .badge.k-contact { background: #f1f5f9; color: #334155; }
        th .tz { text-transform: none; letter-spacing: 0; font-weight: 400; }
        tr.k-tick td:first-child { box-shadow: inset 3px 0 var(--tick); }
        tr.k-skip td:first-child { box-shadow: inset 3px 0 var(--skip); }
        tr.k-untick td:first-child { box-shadow: inset 3px 0 var(--untick); }
        tr.k-note td:first-child { box-shadow: inset 3px 0 var(--note); }
        tr.k-evidence td:first-child { box-shadow: inset 3px 0 var(--evidence); }
        tr.k-action td:first-child, tr.k-action-ok td:first-child { box-shadow: inset 3px 0 var(--act); }
        tr.k-action-fail { background: #fef2f2; }
        tr.k-action-open td:first-child { box-shadow: inset 3px 0 #94a3b8; }
        .badge.k-action-open { background: #e2e8f0; color: #334155; }
        .tk.k-action-open { background: #94a3b8; }
        tr.k-action-fail td:first-child { box-shadow: inset 3px 0 var(--fail); }
        tr.k-rollback { background: #fff1f2; }
        tr.k-rollback td:first-child { box-shadow: inset 3px 0 var(--rollback); }
        tr.k-rollback .details { font-weight: 700; color: #7f1d1d; }
        tr.k-signoff { background: #ecfdf5; }
        tr.k-signoff td:first-child { box-shadow: inset 3px 0 var(--signoff); }
        tr.k-note .details { font-style: italic; }
        tr.flagged { background: #fef2f2; outline: 2px solid #fca5a5; outline-offset: -2px; }
        .flag { display: inline-block; width: 15px; height: 15px; border-radius: 50%; background: var(--bad); color: #fff; font: 800 10px/15px Arial, sans-serif; text-align: center; }
        footer { margin-top: 24px; color: var(--muted); font-size: 11px; border-top: 1px solid var(--line); padding-top: 10px; }

        @page { size: A4; margin: 12mm; }
        @media print {
          body { max-width: none; padding: 0; font-size: 9pt; --gutter: 78px; }
          h1 { font-size: 18pt; }
          h2 { margin-top: 14pt; }
          .verify, .facts .kv, .chart { border-radius: 4px; }
          .verify { break-inside: avoid; }
          table { font-size: 8pt; }
          col.c-time { width: 76px; } col.c-seq { width: 30px; } col.c-actor { width: 96px; } col.c-kind { width: 90px; } col.c-hash { width: 84px; }
          td { padding: 3px 5px; } th { padding: 4px 5px; }
          .badge { font-size: 7pt; }
          .hash code { font-size: 7pt; }
          .bl, .mk span, .band span { font-size: 7.5pt; }
          h2 { break-after: avoid; page-break-after: avoid; }
          tr.group { break-after: avoid; page-break-after: avoid; }
        }

        """
}

namespace Ledger.Analytics.Rendering;

/// <summary>The report's inline stylesheet: one file, no external fonts or scripts, readable from 1280 px laptops up.</summary>
internal static class HtmlStyles
{
    public const string Css = """
        :root { color-scheme: light; --ink: #1f2933; --muted: #616e7c; --line: #d9e2ec; --accent: #3b6ea5; }
        * { box-sizing: border-box; }
        body { margin: 0; font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink); background: #f5f7fa; }
        main { max-width: 1180px; margin: 0 auto; padding: 24px; }
        h1 { margin: 0 0 4px; font-size: 26px; } h2 { font-size: 18px; margin: 0 0 12px; }
        .meta { color: var(--muted); margin-bottom: 20px; }
        .cards { display: grid; grid-template-columns: repeat(auto-fit, minmax(150px, 1fr)); gap: 12px; margin-bottom: 20px; }
        .card, section { background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: 14px 16px; }
        .card .value { font-size: 24px; font-weight: 600; } .card .label { color: var(--muted); font-size: 13px; }
        .grid { display: grid; grid-template-columns: repeat(auto-fit, minmax(480px, 1fr)); gap: 16px; margin-bottom: 16px; }
        section { margin-bottom: 16px; overflow-x: auto; }
        table { border-collapse: collapse; width: 100%; font-size: 14px; }
        th, td { text-align: left; padding: 5px 8px; border-bottom: 1px solid var(--line); overflow-wrap: anywhere; }
        td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
        svg.chart { width: 100%; height: auto; max-height: 560px; font-size: 12px; fill: var(--ink); }
        svg .muted { fill: var(--muted); } svg .axis { stroke: #9aa5b1; stroke-width: 1; }
        svg .empty { fill: #f0f4f8; } svg .cell { fill: #102a43; font-size: 11px; }
        .score { font-size: 40px; font-weight: 700; color: var(--accent); }
        """;
}

/**
 * The script of report.html (runs in the browser, reads `#report-data`). One chart with three panes (price
 * with volume, equity with buy and hold, drawdown) so that the time axes are one axis; blocked spans
 * shaded; markers labelled only when zoomed in to fewer than `labelBars` bars (their texts also appear
 * in the tooltip on hover), thinned to entries when hundreds are in view; an OHLC tooltip; a sortable trades table whose rows move the chart to the
 * trade. Sets `window.tradestateReport` once drawn (read by the browser test).
 *
 * @internal
 */
export const reportScript = String.raw`
(function () {
  var L = window.LightweightCharts;
  var data = JSON.parse(document.getElementById('report-data').textContent);
  var labelBars = 150;
  var container = document.getElementById('chart');
  var chart = L.createChart(container, {
    autoSize: true,
    layout: { attributionLogo: false, panes: { separatorColor: '#d0d7de' } },
    timeScale: { timeVisible: data.intraday, secondsVisible: false, minBarSpacing: 0.001, rightOffset: 4 },
    rightPriceScale: { minimumWidth: 90 },
    crosshair: { mode: L.CrosshairMode.Normal },
  });
  var candles = chart.addSeries(L.CandlestickSeries, {
    priceFormat: { type: 'price', precision: data.priceFormat.precision, minMove: Number(data.priceFormat.minMove) },
  }, 0);
  candles.setData(data.candles);
  if (data.volume.length > 0) {
    var volume = chart.addSeries(L.HistogramSeries, { priceScaleId: 'volume', priceFormat: { type: 'volume' }, lastValueVisible: false, priceLineVisible: false }, 0);
    volume.setData(data.volume);
    chart.priceScale('volume', 0).applyOptions({ scaleMargins: { top: 0.82, bottom: 0 }, visible: false });
  }
  var equity = chart.addSeries(L.LineSeries, { color: '#0969da', lineWidth: 2, priceFormat: { type: 'price', precision: 2, minMove: 0.01 } }, 1);
  equity.setData(data.equity);
  if (data.buyAndHold.length > 0) {
    chart.addSeries(L.LineSeries, { color: '#8c959f', lineWidth: 1, lineStyle: L.LineStyle.Dashed, priceFormat: { type: 'price', precision: 2, minMove: 0.01 } }, 1).setData(data.buyAndHold);
  }
  var drawdown = chart.addSeries(L.AreaSeries, { lineColor: '#cf222e', topColor: 'rgba(207,34,46,0.05)', bottomColor: 'rgba(207,34,46,0.4)', priceFormat: { type: 'price', precision: 2, minMove: 0.01 } }, 2);
  drawdown.setData(data.drawdown);
  if (data.blocked.length > 0) {
    [0, 1].forEach(function (pane) {
      var shade = chart.addSeries(L.HistogramSeries, { priceScaleId: 'blocked', color: 'rgba(191,135,0,0.18)', lastValueVisible: false, priceLineVisible: false }, pane);
      shade.setData(data.blocked);
      chart.priceScale('blocked', pane).applyOptions({ scaleMargins: { top: 0, bottom: 0 }, visible: false });
    });
  }
  var panes = chart.panes();
  panes[0].setStretchFactor(3);
  panes[1].setStretchFactor(1.4);
  panes[2].setStretchFactor(1);

  // Three levels of detail so that busy stretches stay readable: zoomed in to fewer than labelBars bars,
  // every marker with its label; up to busyMarkers markers in view, every marker without label; beyond
  // that, one small marker per bar and side of entry (exits and duplicates left out).
  var busyMarkers = 300;
  var bare = data.markers.map(function (marker) { return Object.assign({}, marker, { text: '' }); });
  var seen = {};
  var sparse = [];
  data.markers.forEach(function (marker) {
    var key = marker.time + marker.shape;
    if (marker.shape === 'circle' || seen[key]) return;
    seen[key] = true;
    sparse.push(Object.assign({}, marker, { text: '', size: 0.6 }));
  });
  var markerLayer = L.createSeriesMarkers(candles, bare);
  var level = 'bare';
  function markersInView(range) {
    var first = data.candles[Math.max(0, Math.floor(range.from))];
    var last = data.candles[Math.min(data.candles.length - 1, Math.ceil(range.to))];
    if (!first || !last) return 0;
    var count = 0;
    for (var i = 0; i < data.markers.length; i++) {
      if (data.markers[i].time >= first.time && data.markers[i].time <= last.time) count++;
    }
    return count;
  }
  function labelMarkers(range) {
    if (range === null) return;
    var wanted = range.to - range.from < labelBars ? 'labelled' : markersInView(range) <= busyMarkers ? 'bare' : 'sparse';
    if (wanted === level) return;
    level = wanted;
    markerLayer.setMarkers(wanted === 'labelled' ? data.markers : wanted === 'bare' ? bare : sparse);
  }

  var byTime = {};
  data.markers.forEach(function (marker) { (byTime[marker.time] = byTime[marker.time] || []).push(marker.text); });
  var equityAt = {};
  data.equity.forEach(function (point, index) { equityAt[point.time] = [point.value, data.drawdown[index].value]; });
  var tooltip = document.getElementById('tooltip');
  var price = candles.priceFormatter();
  chart.subscribeCrosshairMove(function (param) {
    var bar = param.time !== undefined ? param.seriesData.get(candles) : undefined;
    if (!bar || !param.point) { tooltip.style.display = 'none'; return; }
    var when = new Date(param.time * 1000).toISOString().slice(0, data.intraday ? 16 : 10).replace('T', ' ');
    var lines = [when, 'O ' + price.format(bar.open) + '  H ' + price.format(bar.high), 'L ' + price.format(bar.low) + '  C ' + price.format(bar.close)];
    var volumeBar = data.volume.length > 0 ? param.seriesData.get(volume) : undefined;
    if (volumeBar) lines.push('Volume ' + volumeBar.value.toLocaleString('en-US'));
    var account = equityAt[param.time];
    if (account) lines.push('Equity ' + account[0].toFixed(2) + '  Drawdown ' + account[1].toFixed(2) + '%');
    (byTime[param.time] || []).forEach(function (text) { lines.push(text); });
    tooltip.textContent = lines.join('\n');
    tooltip.style.display = 'block';
    var left = param.point.x + 16;
    if (left + tooltip.offsetWidth > container.clientWidth - 90) left = param.point.x - tooltip.offsetWidth - 16;
    tooltip.style.left = Math.max(left, 0) + 'px';
    tooltip.style.top = Math.max(param.point.y - 10, 0) + 'px';
  });
  chart.timeScale().fitContent();
  labelMarkers(chart.timeScale().getVisibleLogicalRange());
  chart.timeScale().subscribeVisibleLogicalRangeChange(labelMarkers);

  var table = document.getElementById('trades');
  var order = {};
  table.querySelectorAll('thead th').forEach(function (header) {
    header.addEventListener('click', function () {
      var column = Number(header.dataset.column);
      var direction = order[column] = -(order[column] || -1);
      var body = table.tBodies[0];
      var rows = Array.prototype.slice.call(body.rows);
      rows.sort(function (a, b) {
        var x = a.cells[column].dataset.value, y = b.cells[column].dataset.value;
        var nx = Number(x), ny = Number(y);
        var compared = x !== '' && y !== '' && !isNaN(nx) && !isNaN(ny) ? nx - ny : x.localeCompare(y);
        return compared * direction;
      });
      rows.forEach(function (row) { body.appendChild(row); });
      table.querySelectorAll('thead th').forEach(function (other) { other.removeAttribute('aria-sort'); });
      header.setAttribute('aria-sort', direction > 0 ? 'ascending' : 'descending');
    });
  });
  table.tBodies[0].addEventListener('click', function (event) {
    var row = event.target.closest('tr');
    if (!row) return;
    var time = Number(row.dataset.time);
    var index = data.candles.findIndex(function (bar) { return bar.time >= time; });
    if (index < 0) return;
    chart.timeScale().setVisibleLogicalRange({ from: index - 40, to: index + 60 });
    container.scrollIntoView({ behavior: 'smooth' });
  });
  window.tradestateReport = { ready: true, markers: data.markers.length, markerLevel: function () { return level; }, candleCount: data.candles.length, panes: chart.panes().length, chart: chart, candles: candles };
})();
`;

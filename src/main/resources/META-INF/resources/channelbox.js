/*
 * channelbox.js: the browser client of ChannelBox's positioned routes. No build step, no dependency.
 * Served at /channelbox.js by every Servlet container (from our jar's META-INF/resources) and by the
 * standalone server. README, "The JavaScript client".
 *
 *   const box = new ChannelBox("/chat/lobby?username=ann", { positions: { lobby: ":0" } });
 *   box.on("message", (data, meta) => show(data, meta.group));   // group messages
 *   box.on("members", (group, members) => list(members));        // presence routes
 *   box.send({ type: "message", content: "hi" });
 *
 * It reconnects by itself (exponential backoff with jitter) and asks for what each group said
 * meanwhile: every group message arrives once, in order, across reconnects and nodes.
 */
(function (root) {
  "use strict";

  var PREFIX = '{"channelbox":';

  function ChannelBox(url, options) {
    if (!(this instanceof ChannelBox)) return new ChannelBox(url, options);
    var o = options || {};
    this.url = url;
    this.minDelay = o.minDelay || 500;       // ms before the first retry
    this.maxDelay = o.maxDelay || 15000;     // the longest wait between retries
    this.retry = o.retry || function (code) { return code !== 1008; };
    this.positions = {};                     // group -> "epoch:offset": the last message given
    this.groups = {};                        // group -> { id: {id, attributes} } (presence)
    this.listeners = {};
    this.attempt = 0;
    this.closed = false;
    this.socket = null;
    for (var g in o.positions || {}) this.positions[g] = o.positions[g];
    this.connect();
  }

  var p = ChannelBox.prototype;

  /** Adds a listener: open, close, reconnecting, message, direct, recovery, members, join, leave, error. */
  p.on = function (event, listener) {
    (this.listeners[event] = this.listeners[event] || []).push(listener);
    return this;
  };

  p.emit = function (event) {
    var args = Array.prototype.slice.call(arguments, 1);
    (this.listeners[event] || []).forEach(function (l) {
      try { l.apply(null, args); } catch (e) { setTimeout(function () { throw e; }); }
    });
  };

  /** The URL of the next connection: the page's host, and what to recover of each group. */
  p.address = function () {
    var u = new URL(this.url, root.location ? root.location.href : undefined);
    if (u.protocol === "http:") u.protocol = "ws:";
    if (u.protocol === "https:") u.protocol = "wss:";
    for (var g in this.positions) u.searchParams.append("recover", g + "@" + this.positions[g]);
    return u.toString();
  };

  p.connect = function () {
    var self = this;
    var ws = this.socket = new WebSocket(this.address());
    ws.onopen = function () {
      self.attempt = 0;
      self.emit("open");
    };
    ws.onmessage = function (e) { self.receive(e.data); };
    ws.onclose = function (e) {
      if (self.socket !== ws) return;
      self.socket = null;
      var again = !self.closed && self.retry(e.code, e.reason);
      self.emit("close", { code: e.code, reason: e.reason, reconnecting: again });
      if (again) self.reconnect();
    };
  };

  p.reconnect = function () {
    var self = this;
    var delay = Math.min(this.maxDelay, this.minDelay * Math.pow(2, this.attempt));
    delay = Math.round(delay * (0.5 + Math.random() / 2)); // jitter: clients that dropped together spread out
    this.attempt++;
    this.emit("reconnecting", { attempt: this.attempt, delay: delay });
    this.timer = setTimeout(function () { if (!self.closed) self.connect(); }, delay);
  };

  p.receive = function (text) {
    if (typeof text !== "string" || text.lastIndexOf(PREFIX, 0) !== 0) {
      this.emit("direct", parse(text));                  // the application's own messages
      return;
    }
    var m = JSON.parse(text);
    switch (m.channelbox) {
      case "message":
        if (m.position) {
          if (!this.isNew(m.group, m.position)) return; // given already (never, but cheap to be sure)
          this.positions[m.group] = m.position;
        }
        this.emit("message", m.data, { group: m.group, position: m.position || null });
        break;
      case "recovery":
        this.positions[m.group] = m.position;
        this.emit("recovery", { group: m.group, recovered: m.recovered, position: m.position, missed: m.missed });
        break;
      case "members":
        var list = this.groups[m.group] = {};
        m.members.forEach(function (x) { list[x.id] = x; });
        this.emit("members", m.group, this.members(m.group));
        break;
      case "join":
      case "leave":
        var members = this.groups[m.group] = this.groups[m.group] || {};
        if (m.channelbox === "join") members[m.id] = { id: m.id, attributes: m.attributes };
        else delete members[m.id];
        this.emit(m.channelbox, m.group, { id: m.id, attributes: m.attributes });
        this.emit("members", m.group, this.members(m.group));
        break;
      case "error":
        this.emit("error", m.message);
        break;
    }
  };

  /** Whether a position comes after the last one given for the group. */
  p.isNew = function (group, position) {
    var last = this.positions[group];
    if (!last) return true;
    var a = split(last), b = split(position);
    return a.epoch !== b.epoch || b.offset > a.offset;
  };

  /** The members of a group, as the server last said ({id, attributes} each). */
  p.members = function (group) {
    var list = this.groups[group] || {};
    return Object.keys(list).map(function (id) { return list[id]; });
  };

  /** Sends an object as JSON, or a string as it is; false while disconnected. */
  p.send = function (data) {
    if (!this.socket || this.socket.readyState !== 1) return false;
    this.socket.send(typeof data === "string" ? data : JSON.stringify(data));
    return true;
  };

  /** Asks for what a group said after a position, applied when the application joins it to the group. */
  p.recover = function (group, position) {
    this.positions[group] = position;
    return this.send({ channelbox: "recover", group: group, position: position });
  };

  /** Forgets a group (after leaving it): it is not recovered on the next reconnect. */
  p.forget = function (group) {
    delete this.positions[group];
    delete this.groups[group];
  };

  p.isConnected = function () {
    return !!this.socket && this.socket.readyState === 1;
  };

  /** Closes for good: no reconnect. */
  p.close = function (code, reason) {
    this.closed = true;
    clearTimeout(this.timer);
    if (this.socket) this.socket.close(code || 1000, reason || "");
  };

  function split(position) {
    var colon = position.lastIndexOf(":");
    return { epoch: position.substring(0, colon), offset: Number(position.substring(colon + 1)) };
  }

  function parse(text) {
    if (typeof text !== "string") return text;
    try { return JSON.parse(text); } catch (e) { return text; }
  }

  root.ChannelBox = ChannelBox;
  if (typeof module === "object" && module.exports) module.exports = ChannelBox;
})(typeof globalThis !== "undefined" ? globalThis : this);

// The newsroom's rich-text editor: django-prose-editor's "newsroom" preset.
//
// The tools come from articles/html.py (BODY_EXTENSIONS, passed in the textarea's data
// attribute), the same list the server's sanitiser is built from. Added here: pictures from the
// image library stored as references, embeds of posts pasted by their address, isolated Latin
// runs (<bdi>), links that editors may mark nofollow, Word lists kept on paste, Arabic labels.
import * as prose from "django-prose-editor/editor"

const {
  Extension,
  Mark,
  Node,
  Plugin,
  createTextareaEditor,
  crel,
  gettext,
  initializeEditors,
  updateAttrsDialog,
} = prose

const MARKER = "data-django-prose-editor-newsroom"

// A picture or an embed goes in with a paragraph after it, where the writer goes on typing.
function insertBlock(editor, node) {
  editor.chain().focus().insertContent([node, { type: "paragraph" }]).run()
}

// --- pictures from the library ---------------------------------------------------------------

const cards = new Map()

function imageCard(chooserUrl, id) {
  if (!cards.has(id)) {
    cards.set(
      id,
      fetch(`${chooserUrl}?ids=${encodeURIComponent(id)}`, { credentials: "same-origin" })
        .then((response) => (response.ok ? response.json() : { results: [] }))
        .then((data) => data.results[0] || null)
        .catch(() => null),
    )
  }
  return cards.get(id)
}

function describe(image) {
  const parts = [image.caption, image.credit && `${gettext("Photo:")} ${image.credit}`]
  return parts.filter(Boolean).join(" — ")
}

function drawFigure(dom, chooserUrl, id) {
  const img = crel("img", { alt: "" })
  const caption = crel("figcaption")
  dom.replaceChildren(img, caption)
  imageCard(chooserUrl, id).then((image) => {
    if (!image) {
      caption.textContent = gettext("This picture was deleted from the library: readers will not see it.")
      dom.classList.add("np-editor-figure--missing")
      img.remove()
      return
    }
    img.src = image.thumbnail
    img.alt = image.alt
    caption.textContent = describe(image)
    if (!image.publishable) {
      caption.append(
        crel("strong", {
          className: "np-editor-figure__warning",
          textContent: ` ${gettext("Needs alternative text and a credit before publishing.")}`,
        }),
      )
    }
  })
}

function resultButton(image, choose) {
  const button = crel("button", { type: "button", className: "np-chooser__item" }, [
    crel("img", { src: image.thumbnail, alt: "", width: 120 }),
    crel("span", { className: "np-chooser__alt", textContent: image.alt || gettext("(no alternative text)") }),
    crel("span", { className: "np-chooser__meta", textContent: describe(image) }),
  ])
  button.addEventListener("click", () => choose(image.id))
  return crel("li", {}, [button])
}

function field(form, name, label, attrs = {}) {
  const id = `np-chooser-${name}`
  const input = crel("input", { id, name, ...attrs })
  form.append(crel("p", {}, [crel("label", { htmlFor: id, textContent: label }), input]))
  return input
}

function chooseImage(editor, { chooserUrl, uploadUrl }) {
  const title = crel("h2", { id: "np-chooser-title", textContent: gettext("Insert a picture") })
  const close = crel("button", { type: "button", className: "np-chooser__close", textContent: gettext("Cancel") })
  const search = crel("input", { type: "search", id: "np-chooser-q", name: "q" })
  const results = crel("ul", { className: "np-chooser__results" })
  results.setAttribute("aria-live", "polite")
  const more = crel("button", { type: "button", textContent: gettext("More pictures"), hidden: true })
  const upload = crel("form", { className: "np-chooser__upload" })
  const errors = crel("div", { className: "np-chooser__errors" })
  errors.setAttribute("role", "alert")
  const dialog = crel("dialog", { className: "np-chooser" }, [
    title,
    close,
    crel("p", {}, [crel("label", { htmlFor: "np-chooser-q", textContent: gettext("Search by caption or alternative text") }), search]),
    results,
    more,
    crel("h3", { textContent: gettext("Or upload a new picture") }),
    upload,
  ])
  dialog.setAttribute("aria-labelledby", "np-chooser-title")

  field(upload, "file", gettext("Picture file"), { type: "file", accept: "image/*", required: true })
  field(upload, "alt_ar", gettext("Alternative text (what the picture shows)"), { type: "text", required: true, maxLength: 250 })
  field(upload, "caption_ar", gettext("Caption"), { type: "text", maxLength: 500 })
  field(upload, "credit", gettext("Credit (photographer or agency)"), { type: "text", maxLength: 200 })
  upload.append(errors, crel("button", { type: "submit", textContent: gettext("Upload and insert") }))

  const finish = () => {
    dialog.close()
    dialog.remove()
  }
  const choose = (id) => {
    finish()
    insertBlock(editor, { type: "libraryImage", attrs: { id: String(id) } })
  }
  let page = 1
  const load = async (reset) => {
    page = reset ? 1 : page + 1
    const query = new URLSearchParams({ q: search.value, page })
    const response = await fetch(`${chooserUrl}?${query}`, { credentials: "same-origin" })
    const data = await response.json()
    if (reset) results.replaceChildren()
    for (const image of data.results) results.append(resultButton(image, choose))
    if (!data.results.length && reset) {
      results.append(crel("li", { textContent: gettext("No picture matches.") }))
    }
    more.hidden = !data.has_more
  }
  let timer
  search.addEventListener("input", () => {
    clearTimeout(timer)
    timer = setTimeout(() => load(true), 250)
  })
  more.addEventListener("click", () => load(false))
  close.addEventListener("click", finish)
  dialog.addEventListener("cancel", finish)
  upload.addEventListener("submit", async (event) => {
    event.preventDefault()
    errors.replaceChildren()
    const token = document.querySelector("[name=csrfmiddlewaretoken]")?.value || ""
    const response = await fetch(uploadUrl, {
      method: "POST",
      body: new FormData(upload),
      headers: { "X-CSRFToken": token },
      credentials: "same-origin",
    })
    const data = await response.json().catch(() => ({ errors: { __all__: [gettext("The upload failed.")] } }))
    if (response.ok) {
      cards.set(String(data.id), Promise.resolve(data))
      choose(data.id)
    } else {
      for (const messages of Object.values(data.errors || {})) {
        for (const message of messages) errors.append(crel("p", { textContent: message }))
      }
    }
  })
  document.body.append(dialog)
  dialog.showModal()
  search.focus()
  load(true)
}

export const LibraryImage = Node.create({
  name: "libraryImage",
  group: "block",
  atom: true,
  draggable: true,
  selectable: true,

  addOptions() {
    return { chooserUrl: "", uploadUrl: "" }
  },

  addAttributes() {
    return {
      id: {
        default: null,
        parseHTML: (element) => element.getAttribute("data-image-id"),
        renderHTML: (attributes) => ({ "data-image-id": attributes.id }),
      },
    }
  },

  parseHTML() {
    return [{ tag: "figure[data-image-id]" }]
  },

  renderHTML({ HTMLAttributes }) {
    return ["figure", HTMLAttributes]
  },

  addNodeView() {
    return ({ node }) => {
      const dom = crel("figure", { className: "np-editor-figure", contentEditable: "false" })
      drawFigure(dom, this.options.chooserUrl, node.attrs.id)
      return { dom }
    }
  },

  addMenuItems({ buttons, menu }) {
    menu.defineItem({
      name: "libraryImage",
      groups: "newsroom",
      command: (editor) => chooseImage(editor, this.options),
      button: buttons.material("add_photo_alternate", gettext("Insert a picture from the library")),
    })
  },
})

// --- embeds -----------------------------------------------------------------------------------

function embedProvider(patterns, text) {
  const url = (text || "").trim()
  return patterns.find((provider) => new RegExp(`^(?:${provider.pattern})$`).test(url))
}

export const Embed = Node.create({
  name: "embed",
  group: "block",
  atom: true,
  draggable: true,
  selectable: true,
  // Before the link extension, so a pasted post address becomes an embed, not a link.
  priority: 1000,

  addOptions() {
    return { patterns: [] }
  },

  addAttributes() {
    return {
      url: {
        default: null,
        parseHTML: (element) => element.getAttribute("data-embed"),
        renderHTML: (attributes) => ({ "data-embed": attributes.url }),
      },
    }
  },

  parseHTML() {
    return [{ tag: "figure[data-embed]" }]
  },

  renderHTML({ HTMLAttributes }) {
    return ["figure", HTMLAttributes]
  },

  addNodeView() {
    return ({ node }) => {
      const provider = embedProvider(this.options.patterns, node.attrs.url)
      return {
        dom: crel("figure", { className: "np-editor-embed", contentEditable: "false" }, [
          crel("strong", { textContent: provider ? provider.name : "?" }),
          crel("span", { textContent: ` ${node.attrs.url}`, dir: "ltr" }),
        ]),
      }
    }
  },

  addProseMirrorPlugins() {
    const { patterns } = this.options
    const { editor, type } = this
    return [
      new Plugin({
        props: {
          handlePaste(view, event) {
            const text = event.clipboardData?.getData("text/plain")?.trim()
            if (!text || /\s/.test(text) || !embedProvider(patterns, text)) return false
            insertBlock(editor, { type: type.name, attrs: { url: text } })
            return true
          },
        },
      }),
    ]
  },

  addMenuItems({ buttons, menu }) {
    const { patterns } = this.options
    menu.defineItem({
      name: "embed",
      groups: "newsroom",
      button: buttons.material("smart_display", gettext("Embed a post (YouTube, X, Instagram, Facebook)")),
      command: async (editor) => {
        const attrs = await updateAttrsDialog(
          { url: { type: "string", title: gettext("Address of the post") } },
          { title: gettext("Embed a post"), submitText: gettext("Insert") },
        )(editor, { url: "" })
        if (!attrs) return
        if (!embedProvider(patterns, attrs.url)) {
          window.alert(gettext("This address is not a post from YouTube, X, Instagram or Facebook."))
          return
        }
        insertBlock(editor, { type: "embed", attrs: { url: attrs.url.trim() } })
      },
    })
  },
})

// --- isolated Latin runs, links, Word lists ---------------------------------------------------

export const Isolate = Mark.create({
  name: "isolate",
  parseHTML() {
    return [{ tag: "bdi" }]
  },
  renderHTML() {
    return ["bdi", 0]
  },
  addMenuItems({ buttons, menu }) {
    menu.defineItem({
      name: "isolate",
      groups: "marks",
      priority: 10,
      command: (editor) => editor.chain().focus().toggleMark("isolate").run(),
      button: buttons.material("format_textdirection_l_to_r", gettext("Isolate a Latin name or number")),
      active: (editor) => editor.isActive("isolate"),
    })
  },
})

export const Link = prose.Link.extend({
  addCommands() {
    return {
      ...this.parent?.(),
      addLink:
        () =>
        ({ editor }) => {
          if (editor.state.selection.empty && !editor.isActive("link")) return false
          const current = editor.getAttributes("link")
          updateAttrsDialog(
            {
              href: { type: "string", title: gettext("Address"), required: true },
              title: { type: "string", title: gettext("Title") },
              nofollow: { type: "boolean", title: gettext("Do not vouch for this link (nofollow)") },
            },
            { title: gettext("Link"), submitText: gettext("Apply") },
          )(editor, { ...current, nofollow: /nofollow/.test(current.rel || "") }).then((attrs) => {
            if (!attrs) return
            const link = {
              href: attrs.href.trim(),
              title: attrs.title || null,
              rel: attrs.nofollow ? "nofollow noopener" : "noopener",
            }
            editor.chain().focus().extendMarkRange("link").setMark("link", link).run()
          })
          return true
        },
    }
  },
})

// Word writes lists as paragraphs styled "mso-list"; make real lists of them before the
// schema drops the styles. Level-one headings become sub-headings (the headline is the h1).
export function cleanPastedHTML(html) {
  const doc = new DOMParser().parseFromString(html, "text/html")
  for (const h1 of doc.body.querySelectorAll("h1")) {
    const h2 = doc.createElement("h2")
    h2.append(...h1.childNodes)
    h1.replaceWith(h2)
  }
  let list = null
  for (const p of doc.body.querySelectorAll("p")) {
    if (!/mso-list\s*:/i.test(p.getAttribute("style") || "")) continue
    const marker = p.querySelector('span[style*="mso-list:Ignore" i], span[style*="mso-list: Ignore" i]')
    const ordered = /^[\w\u0660-\u0669]{1,4}[.)-]/.test((marker?.textContent || "").trim())
    marker?.remove()
    const tag = ordered ? "OL" : "UL"
    if (!list || list.nextElementSibling !== p || list.tagName !== tag) {
      list = doc.createElement(tag)
      p.before(list)
    }
    const item = doc.createElement("li")
    item.append(...p.childNodes)
    list.append(item)
    p.remove()
  }
  return doc.body.innerHTML
}

export const WordPaste = Extension.create({
  name: "wordPaste",
  addProseMirrorPlugins() {
    return [new Plugin({ props: { transformPastedHTML: cleanPastedHTML } })]
  },
})

// --- the preset -------------------------------------------------------------------------------

// The toolbar's names come with the field (articles/widgets.py), in the field's language: the
// Arabic body's toolbar speaks Arabic even in the English admin.
function label(editor, textarea, config) {
  const menubar = textarea.closest(".prose-editor").querySelector(".prose-menubar")
  if (menubar) {
    menubar.setAttribute("role", "toolbar")
    const labels = config.toolbarLabels || {}
    menubar.setAttribute("aria-label", labels.toolbar || "")
    menubar.lang = config.language || ""
    for (const button of menubar.querySelectorAll("button[data-name]")) {
      const text = labels[button.dataset.name]
      if (text) {
        button.title = text
        button.setAttribute("aria-label", text)
      }
    }
  }
  const dom = editor.view.dom
  dom.setAttribute("role", "textbox")
  dom.setAttribute("aria-multiline", "true")
  dom.setAttribute("aria-label", config.label || "")
}

const EXTENSIONS = { ...prose, Link, LibraryImage, Embed, Isolate, WordPaste }

function createEditor(textarea) {
  if (textarea.closest(".prose-editor")) return null
  const config = JSON.parse(textarea.getAttribute(MARKER) || "{}")
  const options = {
    LibraryImage: { chooserUrl: config.imageChooserUrl, uploadUrl: config.imageUploadUrl },
    Embed: { patterns: config.embedPatterns || [] },
  }
  const extensions = []
  for (const [name, setting] of Object.entries(config.extensions || {})) {
    const extension = EXTENSIONS[name]
    if (!extension) continue
    const configured = { ...(typeof setting === "object" ? setting : {}), ...options[name] }
    extensions.push(Object.keys(configured).length ? extension.configure(configured) : extension)
  }
  const editor = createTextareaEditor(textarea, extensions)
  const wrapper = textarea.closest(".prose-editor")
  wrapper.dir = config.direction || "auto"
  wrapper.lang = config.language || ""
  editor.on("create", () => {
    label(editor, textarea, config)
    textarea.dispatchEvent(new CustomEvent("prose-editor:ready", { detail: { editor, textarea }, bubbles: true }))
  })
  return editor
}

initializeEditors(createEditor, `[${MARKER}]`)

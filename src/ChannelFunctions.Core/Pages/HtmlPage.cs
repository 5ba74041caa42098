using System.Text;
using System.Xml.Linq;
using ChannelFunctions.Core.Contract;

namespace ChannelFunctions.Core.Pages;

/// <summary>
/// What every HTML page of the app shares: one self-contained document (no script, no external assets) built as an
/// XML tree, so it is well-formed by construction and every text and attribute is encoded by the writer, never by
/// hand; the skeleton (doctype, language, character set, viewport, title), the styles all pages use, and the elements
/// pages are made of. SVG pictures go in <see cref="Svg"/>'s namespace. Every text and attribute value shows the
/// <see cref="InvisibleCharacters"/> it holds by name (<see cref="Visible"/>), whatever page put it there.
/// </summary>
public static class HtmlPage
{
    /// <summary>The media type of a page.</summary>
    public const string MediaType = "text/html";

    /// <summary>The namespace of inline SVG.</summary>
    public static readonly XNamespace Svg = "http://www.w3.org/2000/svg";

    /// <summary>The styles every page starts with; a page adds its own after them.</summary>
    private const string Styles =
        "body{font-family:system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;margin:16px;color:#212529;background:#fff}\n"
        + "h1{font-size:18px;margin:0 0 4px}p.summary{margin:0 0 12px;color:#495057;font-size:13px}\n"
        + "table{border-collapse:collapse;font-size:12px;margin:4px 0 12px}td,th{border:1px solid #dee2e6;padding:2px 8px;text-align:left}\n"
        + "h2{font-size:14px;margin:16px 0 4px}\n";

    /// <summary>HTML elements with no content and no end tag.</summary>
    private static readonly HashSet<string> VoidElements = new(StringComparer.Ordinal) { "meta", "br", "hr", "col" };

    /// <summary>Renders a page: the skeleton around <paramref name="body"/>, with <paramref name="title"/> as title and heading.</summary>
    /// <param name="title">The page's title, also its first heading.</param>
    /// <param name="styles">The page's own styles (CSS without <c>&lt;</c>, <c>&gt;</c> or <c>&amp;</c>, which a style element cannot escape).</param>
    /// <param name="body">The page's content after its heading: elements of <see cref="Element"/>, SVG, text.</param>
    public static string Render(string title, string styles, params object?[] body)
    {
        if (styles.AsSpan().IndexOfAny("<>&") >= 0)
        {
            throw new ArgumentException("Styles cannot hold <, > or &: a style element does not decode them.", nameof(styles));
        }

        var html = Element("html",
            new XAttribute("lang", "en"),
            Element("head",
                Element("meta", new XAttribute("charset", "utf-8")),
                Element("meta", new XAttribute("name", "viewport"), new XAttribute("content", "width=device-width, initial-scale=1")),
                Element("title", title),
                Element("style", "\n" + Styles + styles)),
            Element("body", Element("h1", title), body));
        ShowInvisibleCharacters(html);
        RefuseScript(html);
        // XDocumentType writes "<!DOCTYPE html >"; the HTML standard's own spelling is a constant.
        return $"<!DOCTYPE html>\n{html}\n";
    }

    /// <summary>
    /// An HTML element: never written as <c>&lt;td/&gt;</c>, which an HTML parser reads as an open tag, unless it is
    /// one of the void elements.
    /// </summary>
    public static XElement Element(string name, params object?[] content)
    {
        var element = new XElement(name, content);
        if (element.IsEmpty && !VoidElements.Contains(name))
        {
            element.Value = string.Empty;
        }

        return element;
    }

    /// <summary>An SVG element.</summary>
    public static XElement SvgElement(string name, params object?[] content) => new(Svg + name, content);

    /// <summary>A table: its class, a heading row, and the rows (<c>tr</c> elements).</summary>
    public static XElement Table(string @class, IEnumerable<string> headings, IEnumerable<XElement> rows) =>
        Element("table", new XAttribute("class", @class), Element("tr", headings.Select(heading => Element("th", heading))), rows);

    /// <summary>A paragraph of the muted summary style.</summary>
    public static XElement Summary(params object?[] content) => Element("p", new XAttribute("class", "summary"), content);

    /// <summary>
    /// Text as a page shows it: each of the <see cref="InvisibleCharacters"/> as its name in brackets (<c>[U+202E]</c>),
    /// so that none can turn a label around or hide in it, and none breaks the page (XML cannot carry U+0000); tab,
    /// line feed and carriage return stay, as the white space they show as.
    /// </summary>
    public static string Visible(string text)
    {
        var rest = text.AsSpan();
        var at = InvisibleCharacters.IndexOf(rest, out var codePoint, out var length);
        if (at < 0)
        {
            return text;
        }

        var visible = new StringBuilder(text.Length + 16);
        for (; at >= 0; at = InvisibleCharacters.IndexOf(rest, out codePoint, out length))
        {
            visible.Append(rest[..at]);
            if (codePoint is '\t' or '\n' or '\r')
            {
                visible.Append((char)codePoint);
            }
            else
            {
                visible.Append('[').Append(InvisibleCharacters.Name(codePoint)).Append(']');
            }

            rest = rest[(at + length)..];
        }

        return visible.Append(rest).ToString();
    }

    /// <summary>Applies <see cref="Visible"/> to every text and attribute value of a page.</summary>
    private static void ShowInvisibleCharacters(XElement page)
    {
        foreach (var text in page.DescendantNodes().OfType<XText>())
        {
            text.Value = Visible(text.Value);
        }

        foreach (var attribute in page.DescendantsAndSelf().SelectMany(element => element.Attributes()))
        {
            attribute.Value = Visible(attribute.Value);
        }
    }

    /// <summary>Pages are read by anyone the lookups answer: nothing in them may run.</summary>
    private static void RefuseScript(XElement page)
    {
        foreach (var element in page.DescendantsAndSelf())
        {
            if (element.Name.LocalName is "script" or "iframe" or "object" or "embed"
                || element.Attributes().Any(attribute => attribute.Name.LocalName.StartsWith("on", StringComparison.OrdinalIgnoreCase)
                    || attribute.Value.TrimStart().StartsWith("javascript:", StringComparison.OrdinalIgnoreCase)))
            {
                throw new InvalidOperationException($"A page may not hold <{element.Name.LocalName}> or script in attributes.");
            }
        }
    }
}

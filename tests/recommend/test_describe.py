"""`recommend --describe`: free-text needs in English and Chinese -> task, hardware, memory, language, licence,
latency and budget, scored transparently, with the top three candidates (exit 2) when unsure."""

from __future__ import annotations

import json
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from llm_advisor.catalog.loader import Catalog
from llm_advisor.recommend.describe import describe_need, vocabulary
from llm_advisor.render.messages import text
from tests.conftest import run

# Realistic needs, each mapped to the task or use case an expert would start from.
ENGLISH = [
    ("a model that can use tools and call functions reliably", "agent"),
    ("a model that plans multi-step tasks and calls APIs", "agent"),
    ("an AI agent that manages my calendar and email", "agent"),
    ("an agent that calls our internal APIs to book meetings", "agent"),
    ("an assistant that can browse websites and fill forms", "agent"),
    ("automate my browser to fill in web forms", "agent"),
    ("function calling for a travel booking assistant", "agent"),
    ("let the model run shell commands and fix CI failures", "agent"),
    ("tool-calling agent for customer workflows", "agent"),
    ("classify bird sounds", "audio-classification"),
    ("detect a baby crying", "audio-classification"),
    ("detect gunshots in city audio", "audio-classification"),
    ("identify the genre of songs", "audio-classification"),
    ("recognize the emotion in a speaker's voice", "audio-classification"),
    ("clean up noisy podcast audio", "audio-to-audio"),
    ("remove background noise from call recordings", "audio-to-audio"),
    ("separate vocals from music tracks", "audio-to-audio"),
    ("I need to turn hours of interview audio into searchable transcripts", "automatic-speech-recognition"),
    ("a Whisper-like model for dictation", "automatic-speech-recognition"),
    ("convert doctor dictations into notes", "automatic-speech-recognition"),
    ("convert voicemails to text", "automatic-speech-recognition"),
    ("generate subtitles for my YouTube videos", "automatic-speech-recognition"),
    ("live captions for a conference talk", "automatic-speech-recognition"),
    ("speech recognition for a call center in Mandarin", "automatic-speech-recognition"),
    ("speech-to-text for Japanese voice notes on a 16GB RAM laptop", "automatic-speech-recognition"),
    ("transcribe customer support calls in Spanish", "automatic-speech-recognition"),
    ("turn podcast episodes into text", "automatic-speech-recognition"),
    ("we record every sales call and want written transcripts", "automatic-speech-recognition"),
    ("predict protein structure", "biology"),
    ("I want to run a local ChatGPT-like assistant on my gaming PC with an RTX 3060", "chat"),
    ("a chatbot for my website that runs on a Mac M2 Pro 32GB", "chat"),
    ("a chatbot that speaks Chinese running on CPU only", "chat"),
    ("a companion app for elderly people to talk to", "chat"),
    ("a friendly chatbot for kids to practise English conversation", "chat"),
    ("a general chat assistant on a Mac M2 Pro 32GB", "chat"),
    ("a support chatbot for a bank website that runs without a GPU", "chat"),
    ("an assistant that answers customer questions in a chat widget", "chat"),
    ("build a customer service chatbot", "chat"),
    ("a code model for a 24GB GPU", "coding"),
    ("a coding assistant for my 24 GB GPU", "coding"),
    ("a local Copilot alternative", "coding"),
    ("autocomplete Python in VS Code on my RTX 4090", "coding"),
    ("code completion inside my editor", "coding"),
    ("code review bot for GitHub", "coding"),
    ("explain legacy COBOL code", "coding"),
    ("generate SQL and Python for data analysis", "coding"),
    ("generate unit tests for our TypeScript code", "coding"),
    ("help me refactor a legacy Java codebase", "coding"),
    ("review pull requests and suggest fixes", "coding"),
    ("estimate depth from a single photo", "depth-estimation"),
    ("answer questions about scanned forms", "document-question-answering"),
    ("extract key fields from scanned invoices", "document-question-answering"),
    ("extract the total from invoices", "document-question-answering"),
    ("cluster user feedback by theme", "feature-extraction"),
    ("create embeddings for clustering customer feedback", "feature-extraction"),
    ("embed documents for a vector database", "feature-extraction"),
    ("embed product descriptions for semantic search", "feature-extraction"),
    ("embeddings for semantic search in a vector store", "feature-extraction"),
    ("multilingual sentence embeddings for search", "feature-extraction"),
    ("turn support tickets into vectors for similarity search", "feature-extraction"),
    ("vector embeddings for a recommendation system", "feature-extraction"),
    ("detect defects on a production line from photos", "image-classification"),
    ("identify plant diseases from leaf photos", "image-classification"),
    ("sort photos of plants by species", "image-classification"),
    ("tell cats from dogs in photos", "image-classification"),
    ("tell if an x-ray shows pneumonia", "image-classification"),
    ("find similar products from photos", "image-feature-extraction"),
    ("group near-duplicate product photos", "image-feature-extraction"),
    ("reverse image search for our catalog", "image-feature-extraction"),
    ("mask out people in video frames", "image-segmentation"),
    ("remove the background from product photos", "image-segmentation"),
    ("segment roads in satellite imagery", "image-segmentation"),
    ("segment tumors in MRI scans", "image-segmentation"),
    ("separate the foreground person from the background", "image-segmentation"),
    ("edit photos with text instructions", "image-text-to-image"),
    ("a vision-language model that reads charts", "image-text-to-text"),
    ("understand screenshots of dashboards", "image-text-to-text"),
    ("make a 3D model from a photo", "image-to-3d"),
    ("colorize black and white photos", "image-to-image"),
    ("restore and upscale old photos", "image-to-image"),
    ("super-resolution for old game textures", "image-to-image"),
    ("caption images for accessibility", "image-to-text"),
    ("describe medical images in words", "image-to-text"),
    ("describe photos for visually impaired users", "image-to-text"),
    ("generate captions for an image library", "image-to-text"),
    ("pick a model to caption product photos for an online store", "image-to-text"),
    ("write alt text for product images", "image-to-text"),
    ("animate a product photo", "image-to-video"),
    ("track body pose in fitness videos", "keypoint-detection"),
    ("count cars in parking lot images", "object-detection"),
    ("count people entering a store from CCTV", "object-detection"),
    ("detect cars in traffic camera footage", "object-detection"),
    ("detect helmets on construction sites", "object-detection"),
    ("detect people not wearing masks", "object-detection"),
    ("find weeds in drone images of fields", "object-detection"),
    ("locate products on supermarket shelves", "object-detection"),
    ("real-time object detection on a security camera feed", "object-detection"),
    ("convert scanned PDFs to markdown", "ocr"),
    ("digitize handwritten notes", "ocr"),
    ("extract text from photos of receipts", "ocr"),
    ("parse PDF invoices into structured markdown", "ocr"),
    ("pull tables out of scanned financial reports", "ocr"),
    ("read license plates from parking cameras", "ocr"),
    ("read text from scanned receipts", "ocr"),
    ("recognize handwriting in old letters", "ocr"),
    ("scan business cards into contacts", "ocr"),
    ("turn photos of whiteboards into text", "ocr"),
    ("turn screenshots of tables into CSV", "ocr"),
    ("a bot that answers questions using our Confluence wiki", "rag"),
    ("answer employee questions from our HR handbook", "rag"),
    ("chat with our internal PDFs", "rag"),
    ("customer support bot grounded in our help center articles", "rag"),
    ("ground answers in our knowledge base with citations", "rag"),
    ("let customers ask questions about our product documentation", "rag"),
    ("question answering over thousands of internal PDFs", "rag"),
    ("retrieval-augmented generation over company docs on an H100", "rag"),
    ("search our Notion and answer questions with sources", "rag"),
    ("a model that thinks step by step for hard logic puzzles", "reasoning"),
    ("a reasoning model for math olympiad questions", "reasoning"),
    ("a tutor for high-school algebra", "reasoning"),
    ("check mathematical proofs", "reasoning"),
    ("help students with physics homework", "reasoning"),
    ("prove theorems and solve olympiad problems", "reasoning"),
    ("solve calculus problems", "reasoning"),
    ("solve competition math problems step by step", "reasoning"),
    ("control a robot arm to pick and place", "robotics"),
    ("check if two sentences mean the same thing", "sentence-similarity"),
    ("deduplicate near-identical support articles", "sentence-similarity"),
    ("find duplicate questions on our forum", "sentence-similarity"),
    ("match resumes to job descriptions", "sentence-similarity"),
    ("TL;DR for Slack threads", "summarization"),
    ("condense earnings call transcripts into bullet points", "summarization"),
    ("condense long email threads", "summarization"),
    ("give me the key points of long research papers", "summarization"),
    ("shorten customer reviews into one-line summaries", "summarization"),
    ("summarise Chinese legal contracts on a laptop", "summarization"),
    ("summarize long legal contracts, commercial use", "summarization"),
    ("summarize news articles into two sentences", "summarization"),
    ("turn meeting transcripts into minutes", "summarization"),
    ("answer questions over a spreadsheet", "table-question-answering"),
    ("credit default prediction from tabular features", "tabular-classification"),
    ("detect fraud in credit card transactions", "tabular-classification"),
    ("predict customer churn from a spreadsheet", "tabular-classification"),
    ("predict which loans will default", "tabular-classification"),
    ("estimate delivery times from order data", "tabular-regression"),
    ("estimate insurance claim amounts", "tabular-regression"),
    ("predict house prices", "tabular-regression"),
    ("catch toxic comments before they are posted", "text-classification"),
    ("classify support tickets by urgency, no GPU", "text-classification"),
    ("detect ads and spam in website comments", "text-classification"),
    ("detect spam in user sign-ups", "text-classification"),
    ("flag abusive messages in a gaming chat", "text-classification"),
    ("is this review fake or real", "text-classification"),
    ("label support tickets by topic", "text-classification"),
    ("moderate user-generated content on a forum", "text-classification"),
    ("route support emails to the right team", "text-classification"),
    ("sentiment of product reviews", "text-classification"),
    ("sort customer emails by department", "text-classification"),
    ("sort incoming emails into spam and not spam", "text-classification"),
    ("spot phishing emails", "text-classification"),
    ("tell whether a tweet is positive or negative", "text-classification"),
    ("an open-weight LLM to generate fiction", "text-generation"),
    ("draft marketing copy for social media", "text-generation"),
    ("write product descriptions for an online shop", "text-generation"),
    ("a reranker for my search engine", "text-ranking"),
    ("cross-encoder to reorder retrieved passages", "text-ranking"),
    ("rerank search results", "text-ranking"),
    ("find the most relevant passages for a query", "text-retrieval"),
    ("search legal documents by meaning", "text-retrieval"),
    ("semantic search over our documents", "text-retrieval"),
    ("generate 3D assets for a game from text prompts", "text-to-3d"),
    ("generate background music for videos", "text-to-audio"),
    ("make sound effects for a game", "text-to-audio"),
    ("create book cover art", "text-to-image"),
    ("create concept art for a game", "text-to-image"),
    ("generate anime-style images", "text-to-image"),
    ("generate logos from a text description", "text-to-image"),
    ("generate product mockups from prompts", "text-to-image"),
    ("make illustrations for a children's book", "text-to-image"),
    ("product photography backgrounds from prompts", "text-to-image"),
    ("text-to-image for marketing banners under commercial licence", "text-to-image"),
    ("TTS voice for a navigation app in Chinese", "text-to-speech"),
    ("an audiobook narrator voice in German", "text-to-speech"),
    ("give my app a natural-sounding voice", "text-to-speech"),
    ("make a voice clone of myself", "text-to-speech"),
    ("read articles aloud in a natural voice", "text-to-speech"),
    ("read notifications aloud in a car", "text-to-speech"),
    ("turn blog posts into podcast audio", "text-to-speech"),
    ("voice over for explainer videos", "text-to-speech"),
    ("generate short videos from text prompts", "text-to-video"),
    ("make a short ad video from a script", "text-to-video"),
    ("forecast daily demand for each store", "time-series-forecasting"),
    ("forecast energy consumption per hour", "time-series-forecasting"),
    ("forecast hourly server load", "time-series-forecasting"),
    ("forecast inventory needs for next month", "time-series-forecasting"),
    ("forecast next quarter's sales", "time-series-forecasting"),
    ("forecast website traffic", "time-series-forecasting"),
    ("predict call volume for staffing", "time-series-forecasting"),
    ("predict electricity demand for the next week", "time-series-forecasting"),
    ("anonymize personal data in medical records", "token-classification"),
    ("extract names and addresses from emails", "token-classification"),
    ("find product names mentioned in reviews", "token-classification"),
    ("pull drug names and dosages out of clinical notes", "token-classification"),
    ("localize our app strings into Japanese", "translation"),
    ("machine translation between English and Vietnamese", "translation"),
    ("multilingual support: auto-translate incoming tickets", "translation"),
    ("translate Chinese legal clauses into English", "translation"),
    ("translate Chinese support tickets into English", "translation"),
    ("translate a novel from Spanish to English", "translation"),
    ("translate product manuals from German to English", "translation"),
    ("translate subtitles into French", "translation"),
    ("translate technical docs from English to Korean on an RTX 4090", "translation"),
    ("classify sports clips by action", "video-classification"),
    ("summarize what happens in a video", "video-text-to-text"),
    ("answer questions about photos for blind users", "visual-question-answering"),
    ("ask questions about what is in an image", "visual-question-answering"),
    ("visual question answering for e-commerce photos", "visual-question-answering"),
    ("detect when someone is speaking", "voice-activity-detection"),
    ("classify text into labels without training data", "zero-shot-classification"),
    ("tag news articles with arbitrary categories without training", "zero-shot-classification"),
]
CHINESE = [
    ("会调用外部工具的AI代理", "agent"),
    ("能浏览网页并填写表单的助手", "agent"),
    ("能规划多步任务并调用API的模型", "agent"),
    ("能调用API的智能体", "agent"),
    ("能调用工具自动完成任务的智能体", "agent"),
    ("自动操作浏览器完成订票", "agent"),
    ("让模型执行命令行并修复CI错误", "agent"),
    ("检测婴儿哭声", "audio-classification"),
    ("识别歌曲的曲风", "audio-classification"),
    ("识别设备的异响", "audio-classification"),
    ("识别鸟叫声", "audio-classification"),
    ("通话录音降噪", "audio-to-audio"),
    ("16G内存的笔记本上做语音转文字", "automatic-speech-recognition"),
    ("会议录音转文字", "automatic-speech-recognition"),
    ("把医生口述转成病历文字", "automatic-speech-recognition"),
    ("把播客音频转成文字稿", "automatic-speech-recognition"),
    ("把课堂讲座录音转成文字", "automatic-speech-recognition"),
    ("把采访录音整理成文字", "automatic-speech-recognition"),
    ("把销售电话录音转成文字记录", "automatic-speech-recognition"),
    ("电话客服通话转写", "automatic-speech-recognition"),
    ("给视频自动生成字幕", "automatic-speech-recognition"),
    ("语音输入法用的识别模型", "automatic-speech-recognition"),
    ("蛋白质结构预测", "biology"),
    ("Mac M2 Pro 32GB上跑聊天模型", "chat"),
    ("一个能陪用户聊天的机器人", "chat"),
    ("做一个智能客服机器人", "chat"),
    ("做一个角色扮演聊天应用", "chat"),
    ("我想在自己的电脑上跑一个类似ChatGPT的助手", "chat"),
    ("能进行多轮对话的聊天助手", "chat"),
    ("银行网站的客服聊天机器人，不用GPU", "chat"),
    ("陪孩子练英语口语对话的聊天机器人", "chat"),
    ("24GB显卡上的代码模型", "coding"),
    ("代码补全插件", "coding"),
    ("写代码的助手，24G显存", "coding"),
    ("在RTX 4090上跑一个编程助手", "coding"),
    ("帮我写Python脚本", "coding"),
    ("帮我审查GitHub上的代码", "coding"),
    ("帮程序员修bug", "coding"),
    ("给TypeScript代码写单元测试", "coding"),
    ("解释老旧的COBOL代码", "coding"),
    ("从单张照片估计深度", "depth-estimation"),
    ("从发票中提取金额", "document-question-answering"),
    ("从扫描的发票中提取关键字段", "document-question-answering"),
    ("从报销单里提取字段", "document-question-answering"),
    ("从表单中提取关键信息", "document-question-answering"),
    ("读取发票上的金额和日期", "document-question-answering"),
    ("多语言句向量用于搜索", "feature-extraction"),
    ("把文本向量化存入向量数据库", "feature-extraction"),
    ("按主题对用户反馈进行聚类", "feature-extraction"),
    ("文本嵌入模型用于语义搜索", "feature-extraction"),
    ("给产品描述做向量化，用于语义搜索", "feature-extraction"),
    ("给文档生成向量用于检索", "feature-extraction"),
    ("判断X光片是否有肺炎", "image-classification"),
    ("根据叶子照片识别植物病害", "image-classification"),
    ("以图搜图", "image-feature-extraction"),
    ("拍照找同款商品", "image-feature-extraction"),
    ("医学影像分割", "image-segmentation"),
    ("把人像从背景中分割出来", "image-segmentation"),
    ("给商品图去除背景", "image-segmentation"),
    ("自动抠图换背景", "image-segmentation"),
    ("图片超分辨率放大", "image-to-image"),
    ("把模糊的照片变清晰", "image-to-image"),
    ("老照片修复", "image-to-image"),
    ("为图片生成描述", "image-to-text"),
    ("给商品图片配文", "image-to-text"),
    ("把图片变成视频", "image-to-video"),
    ("让照片动起来", "image-to-video"),
    ("人体姿态估计", "keypoint-detection"),
    ("健身动作姿态识别", "keypoint-detection"),
    ("在无人机拍摄的农田图片中找杂草", "object-detection"),
    ("实时检测摄像头中的物体", "object-detection"),
    ("检测工人有没有戴安全帽", "object-detection"),
    ("检测没戴口罩的人", "object-detection"),
    ("检测监控视频里的车辆和行人", "object-detection"),
    ("统计停车场图片里的汽车数量", "object-detection"),
    ("统计进店人数", "object-detection"),
    ("识别并定位图片中的物体", "object-detection"),
    ("PDF转Markdown", "ocr"),
    ("名片识别，录入联系人", "ocr"),
    ("把纸质文档拍照转成文字", "ocr"),
    ("把表格截图转成CSV", "ocr"),
    ("解析PDF发票并输出markdown", "ocr"),
    ("识别图片里的文字", "ocr"),
    ("识别手写体", "ocr"),
    ("识别扫描件里的文字", "ocr"),
    ("识别旧信件上的手写字", "ocr"),
    ("企业知识库智能问答", "rag"),
    ("在H100上做检索增强生成", "rag"),
    ("在Notion文档里搜索并带出处回答问题", "rag"),
    ("基于公司内部文档的问答系统", "rag"),
    ("基于帮助中心文章的客服问答机器人", "rag"),
    ("根据产品手册回答客户的问题", "rag"),
    ("根据内部文档回答员工的问题", "rag"),
    ("给客服知识库做问答", "rag"),
    ("让员工查询公司规章制度并回答问题", "rag"),
    ("数学推理能力强的模型", "reasoning"),
    ("检查数学证明是否正确", "reasoning"),
    ("能做复杂逻辑推理的模型", "reasoning"),
    ("解奥数题的推理模型", "reasoning"),
    ("解微积分题", "reasoning"),
    ("解数学竞赛题", "reasoning"),
    ("高中代数辅导", "reasoning"),
    ("判断两句话意思是否相同", "sentence-similarity"),
    ("找出重复的问题", "sentence-similarity"),
    ("计算两个句子的相似度", "sentence-similarity"),
    ("商用的合同摘要模型", "summarization"),
    ("在笔记本电脑上总结中文法律合同", "summarization"),
    ("帮我总结长篇报告", "summarization"),
    ("总结会议纪要的要点", "summarization"),
    ("把会议内容整理成纪要", "summarization"),
    ("把群聊记录总结一下", "summarization"),
    ("把论文压缩成一段摘要", "summarization"),
    ("把财报电话会议记录浓缩成要点", "summarization"),
    ("给长文章生成摘要", "summarization"),
    ("自动生成新闻摘要", "summarization"),
    ("客户流失预测", "tabular-classification"),
    ("预测哪些贷款会违约", "tabular-classification"),
    ("预测二手车价格", "tabular-regression"),
    ("判断这条评论是不是水军", "text-classification"),
    ("在评论发布前拦截有害内容", "text-classification"),
    ("把客户邮件按部门分类", "text-classification"),
    ("把用户评论分成好评和差评", "text-classification"),
    ("检测网站评论中的广告和垃圾信息", "text-classification"),
    ("没有GPU，做评论情感分析", "text-classification"),
    ("自动审核用户发布的内容", "text-classification"),
    ("识别用户意图", "text-classification"),
    ("识别评论是正面还是负面", "text-classification"),
    ("识别钓鱼邮件", "text-classification"),
    ("过滤垃圾短信", "text-classification"),
    ("召回结果重排", "text-ranking"),
    ("对搜索结果按相关性排序", "text-ranking"),
    ("搜索结果重排序", "text-ranking"),
    ("生成一首流行歌曲", "text-to-audio"),
    ("给视频生成背景音乐", "text-to-audio"),
    ("AI绘画生成头像", "text-to-image"),
    ("根据文字生成海报", "text-to-image"),
    ("生成动漫风格的图片", "text-to-image"),
    ("生成电商商品图", "text-to-image"),
    ("用文字描述生成插画", "text-to-image"),
    ("设计书籍封面", "text-to-image"),
    ("中文语音合成", "text-to-speech"),
    ("克隆我自己的声音", "text-to-speech"),
    ("在车里朗读通知", "text-to-speech"),
    ("导航应用的中文语音合成", "text-to-speech"),
    ("把博客文章转成播客音频", "text-to-speech"),
    ("把小说转成有声书", "text-to-speech"),
    ("把文章读出来，要自然的声音", "text-to-speech"),
    ("语音播报新闻", "text-to-speech"),
    ("根据描述生成短视频", "text-to-video"),
    ("生成一段产品宣传视频", "text-to-video"),
    ("时间序列预测股价", "time-series-forecasting"),
    ("预测下个月的库存需求", "time-series-forecasting"),
    ("预测下个月的销量", "time-series-forecasting"),
    ("预测客服来电量以安排排班", "time-series-forecasting"),
    ("预测明年的库存需求", "time-series-forecasting"),
    ("预测未来一周的用电量", "time-series-forecasting"),
    ("预测每小时的服务器负载", "time-series-forecasting"),
    ("从病历中提取药品名称和剂量", "token-classification"),
    ("从病历里抽取人名和地址", "token-classification"),
    ("命名实体识别", "token-classification"),
    ("识别文本中的人名和公司名", "token-classification"),
    ("中英互译", "translation"),
    ("把中文文档翻译成英文", "translation"),
    ("把中文法律条文翻译成英文", "translation"),
    ("把产品说明书翻译成德语", "translation"),
    ("把网站翻译成日文", "translation"),
    ("把英文合同翻译成中文", "translation"),
    ("把西班牙语小说翻译成英文", "translation"),
    ("英文技术文档翻译成韩文", "translation"),
    ("识别视频中的打架行为", "video-classification"),
    ("理解视频内容并回答问题", "video-text-to-text"),
    ("检测音频里是否有人说话", "voice-activity-detection"),
]


def test_the_phrasings_are_many_and_half_chinese() -> None:
    assert len(ENGLISH) + len(CHINESE) >= 40
    assert len(CHINESE) >= 20 and len(CHINESE) >= 0.4 * (len(ENGLISH) + len(CHINESE))


@pytest.mark.parametrize(("need", "task"), ENGLISH + CHINESE)
def test_need_maps_to_task(catalog: Catalog, need: str, task: str) -> None:
    d = describe_need(catalog, need)
    assert d["task"] == task, (d["candidates"], d["matched"][:3])
    assert d["candidates"] == []
    assert d["understood"][0]["code"] == "describe.task" and d["understood"][0]["params"]["task"] == task


def test_every_task_carries_describe_vocabulary_in_both_languages(catalog: Catalog) -> None:
    for task_id, task in catalog.tasks.items():
        if task_id == "other":
            continue
        vocab = task["describe"]
        assert vocab is not None, task_id
        terms = [
            t for kind in ("verbs", "objects", "phrases") for lang in ("en", "zh") for t in vocab[kind][lang]
        ]
        assert any(re.search(r"[\u4e00-\u9fff]", t) for t in terms), task_id
        assert any(re.search(r"[a-z]", t) for t in terms), task_id
    for use_case in ("coding", "chat", "reasoning", "agent", "rag", "ocr"):
        assert catalog.tasks[use_case]["use_case"] and catalog.tasks[use_case]["describe"]["phrases"]["zh"]


def test_matches_are_data_and_explain_the_score(catalog: Catalog) -> None:
    d = describe_need(catalog, "turn podcast episodes into text")
    best = d["matched"][0]
    assert best["task"] == "automatic-speech-recognition"
    assert any("podcast" in t for t in best["terms"])
    assert best["score"] == pytest.approx(sum(x["weight"] for x in best["detail"]), abs=1e-3)
    assert {x["kind"] for x in best["detail"]} <= {"name", "phrase", "verb", "object", "combination"}
    json.dumps(d)  # plain data all the way down
    # a term shared by several tasks weighs less than one only this task uses
    weights = {(e.task, e.pattern.term): e.weight for e in vocabulary(catalog)}
    assert (
        weights[("automatic-speech-recognition", "podcast")]
        > weights[("automatic-speech-recognition", "audio")]
    )


def test_a_longer_match_silences_the_words_inside_it(catalog: Catalog) -> None:
    d = describe_need(catalog, "a coding assistant for my team")
    assert d["task"] == "coding"
    assert "chat" not in {r["task"] for r in d["matched"]}  # "assistant" is part of "coding assistant"
    # Chinese has no spaces: the longer of two overlapping terms wins (视频生成 / 生成背景音乐)
    assert describe_need(catalog, "给视频生成背景音乐")["task"] == "text-to-audio"


def test_chinese_is_matched_with_or_without_spaces(catalog: Catalog) -> None:
    for need in ("把播客音频转成文字稿", "把 播客 音频 转成 文字稿", "把播客音频，转成文字稿。"):
        assert describe_need(catalog, need)["task"] == "automatic-speech-recognition"


def test_english_inflections_and_british_spelling(catalog: Catalog) -> None:
    for need in (
        "summarise contracts",
        "summarizing contracts",
        "a summarizer for contracts",
        "contract summaries",
    ):
        assert describe_need(catalog, need)["task"] == "summarization", need
    for need in ("transcribe podcasts", "transcribing a podcast", "podcast transcribed to text"):
        assert describe_need(catalog, need)["task"] == "automatic-speech-recognition", need


def _profile(catalog: Catalog, kind: str, memory: float) -> set[str]:
    return {i for i, h in catalog.hardware.items() if h["kind"] == kind and h["memory_gb"] == memory}


def test_hardware_and_memory_phrases(catalog: Catalog) -> None:
    def hw(need: str) -> tuple[str | None, float | None]:
        d = describe_need(catalog, need)
        return d["hardware"], d["memory_gb"]

    assert hw("a coding assistant for my 24 GB GPU") == (
        None,
        24,
    )  # four 24 GB profiles: the memory is what it names
    assert hw("24G显存跑编程助手") == (None, 24)
    assert hw("chat on an RTX 4090") == ("rtx-4090", catalog.hardware["rtx-4090"]["memory_gb"])
    assert hw("RTX 3060 12GB coding") == ("rtx-3060-12gb", 12)
    assert hw("summarise on a 16GB RAM laptop") == ("laptop-16gb", 16)
    assert hw("在笔记本电脑上总结中文法律合同")[0] == catalog.hardware_profile("laptop")["id"]
    cpu = catalog.hardware_profile("no-gpu")["id"]
    assert hw("translation with no GPU")[0] == cpu
    assert hw("没有显卡，做文本分类")[0] == cpu
    assert hw("chat on an H100") == ("h100", catalog.hardware["h100"]["memory_gb"])
    mac, memory = hw("chatbot on a Mac M2 Pro 32GB")  # no M2 profile: the Mac profile with that memory
    assert mac in _profile(catalog, "unified", 32) and memory == 32
    assert hw("coding on a MacBook Pro M4 Max 64GB")[0] in _profile(catalog, "unified", 64)
    assert hw("rag on 2x RTX 3090") == (None, 2 * catalog.hardware["rtx-3090"]["memory_gb"])  # GPUs add up
    assert hw("RAG with 80GB of VRAM") == (None, 80)
    assert hw("embed 500 GB of documents") == (None, None)  # data, not memory
    assert hw("an apple orchard yield forecast") == (None, None)  # "apple" is not a Mac here


def test_hardware_is_said_in_the_users_words(catalog: Catalog) -> None:
    d = describe_need(catalog, "chat on an RTX 4090")
    msg = next(u for u in d["understood"] if u["code"].startswith("describe.hardware"))
    assert msg["params"]["words"] == "RTX 4090"
    assert "rtx-4090" in text(msg, "en") and "硬件" in text(msg, "zh")


@pytest.mark.parametrize(
    ("need", "licenses"),
    [
        ("commercial use chatbot", ["commercial-ok"]),
        ("a translator we can use commercially", ["commercial-ok"]),
        ("open source OCR model", ["permissive"]),
        (
            "open-source and fine for commercial use",
            ["permissive"],
        ),  # permissive already allows commercial use
        ("可商用的翻译模型", ["commercial-ok"]),
        ("开源的语音识别模型", ["permissive"]),
        ("Apache-licensed embedding model", ["apache-2.0"]),
        ("MIT or Apache 2.0 licence only", ["apache-2.0", "mit"]),
        ("non-commercial research chatbot", []),
        ("非商用的研究项目", []),
        ("ein Modell mit Übersetzung", []),  # German "mit" is not the MIT licence without a licence word
    ],
)
def test_licence_words(catalog: Catalog, need: str, licenses: list[str]) -> None:
    assert describe_need(catalog, need)["licenses"] == licenses


@pytest.mark.parametrize(
    ("need", "latency"),
    [
        ("real-time speech to text", "real-time"),
        ("实时语音识别", "real-time"),
        ("low latency chat", "real-time"),
        ("an interactive assistant", "interactive"),
        ("batch transcription overnight", "batch"),
        ("离线批量翻译", "batch"),
        ("summarise contracts", None),
    ],
)
def test_latency_words(catalog: Catalog, need: str, latency: str | None) -> None:
    assert describe_need(catalog, need)["latency"] == latency


@pytest.mark.parametrize(
    ("need", "usd", "unit"),
    [
        ("chat under $1 per million tokens", 1.0, "tokens"),
        ("summarize under $0.50/M tokens", 0.5, "tokens"),
        ("coding, at most $2/M", 2.0, "tokens"),
        ("chat in Japanese for less than 2 dollars per 1M output tokens", 2.0, "tokens"),
        ("no more than $0.002 per 1k tokens", 2.0, "tokens"),
        ("classify reviews under $0.10 per 1000 requests", 100.0, "requests"),
        ("每百万词元不超过1美元的对话模型", 1.0, "tokens"),
        ("成本控制在0.5美元/百万token以内", 0.5, "tokens"),
        ("a budget of $200 a month", None, None),
        ("a 7B chat model", None, None),
    ],
)
def test_budget_words(catalog: Catalog, need: str, usd: float | None, unit: str | None) -> None:
    d = describe_need(catalog, need)
    assert d["max_cost"] == (pytest.approx(usd) if usd is not None else None)
    assert d["cost_unit"] == unit


@pytest.mark.parametrize(
    ("need", "language"),
    [
        ("summarise Chinese legal contracts", "zh"),
        ("总结中文法律合同", "zh"),
        ("a German customer support bot", "de"),
        ("translate German manuals into English", "en"),  # translation: the target language
        ("把英文合同翻译成中文", "zh"),
        ("a Chinese and English support chatbot", "zh"),  # otherwise: the language besides English
        ("transcribe Cantonese podcasts", "yue"),
        ("chat on an RTX 4090", None),
    ],
)
def test_language_words(catalog: Catalog, need: str, language: str | None) -> None:
    assert describe_need(catalog, need)["language"] == language


AMBIGUOUS = ["summarize meeting recordings", "总结会议录音", "help with documents"]


@pytest.mark.parametrize("need", AMBIGUOUS)
def test_unsure_returns_three_candidates(catalog: Catalog, need: str) -> None:
    d = describe_need(catalog, need)
    assert d["task"] is None and len(d["candidates"]) == 3
    assert d["candidates"] == [r["task"] for r in d["matched"][:3]]
    assert d["understood"][0] == {"code": "describe.ambiguous", "params": {"candidates": d["candidates"]}}


def test_cli_exits_2_listing_the_candidates(catalog: Catalog) -> None:
    for need in AMBIGUOUS[:2]:
        result = run("recommend", "--describe", need)
        assert result.exit_code == 2, result.stdout
        candidates = describe_need(catalog, need)["candidates"]
        assert {"audio-text-to-text", "automatic-speech-recognition", "summarization"} == set(candidates)
        flat = " ".join(result.stderr.split())
        assert all(c in flat for c in candidates) and "--task" in flat
    # naming the task settles it; the description still supplies the rest
    doc = json.loads(
        run("recommend", "--describe", AMBIGUOUS[0], "--task", "summarization", "--format", "json").stdout
    )
    assert doc["task"]["id"] == "summarization" and doc["described"]["candidates"]
    nothing = run("recommend", "--describe", "xyzzy plugh")
    assert nothing.exit_code == 2 and "could not tell the task" in nothing.stderr


def rec(*args: str) -> dict:  # type: ignore[type-arg]
    result = run("recommend", *args, "--format", "json")
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)  # type: ignore[no-any-return]


def test_the_service_applies_what_the_description_names() -> None:
    doc = rec(
        "--describe",
        "a coding assistant for my 24 GB GPU, commercial use, under $1 per million tokens",
        "--top",
        "3",
    )
    c = doc["constraints"]
    assert doc["task"]["id"] == "coding"
    assert c["memory_gb"] == 24 and c["hardware"] is None
    assert c["license_groups"] == ["commercial-ok"] and c["max_cost"] == 1.0
    assert all(p["memory_needed_gb"] <= 24 for p in doc["picks"])
    assert [u["code"] for u in doc["described"]["understood"]] == [
        "describe.task",
        "describe.memory",
        "describe.license",
        "describe.max_cost",
    ]
    assert all(u["text"] for u in doc["described"]["understood"])
    zh = rec("--describe", "在笔记本电脑上总结中文法律合同，要开源的", "--lang", "zh")
    assert zh["task"]["id"] == "summarization" and zh["constraints"]["language"] == "zh"
    assert zh["constraints"]["hardware"] == "laptop-16gb" and zh["constraints"]["license_groups"] == [
        "permissive"
    ]
    assert any("笔记本" in u["text"] for u in zh["described"]["understood"])


def test_flags_win_over_the_description() -> None:
    doc = rec(
        "--describe",
        "chat on a 24 GB GPU, open source, under $1 per million tokens",
        "--memory",
        "80GB",
        "--license",
        "commercial-ok",
        "--max-cost",
        "5",
    )
    c = doc["constraints"]
    assert c["memory_gb"] == 80 and c["license_groups"] == ["commercial-ok"] and c["max_cost"] == 5
    hw = rec("--describe", "chat on an RTX 4090", "--hardware", "h100")
    assert hw["constraints"]["hardware"] == "h100"


def test_text_output_says_what_was_understood() -> None:
    out = run("recommend", "--describe", "chat on an RTX 4090, real-time", "--top", "1")
    flat = " ".join(out.stdout.split()) + " ".join(out.stderr.split())
    assert out.exit_code == 0 and "rtx-4090" in flat and "real-time" in flat and "chatbot" not in flat


def test_every_understood_message_renders_in_both_languages(catalog: Catalog) -> None:
    needs = [
        "a coding assistant on 2x RTX 3090, open source, real-time, under $1 per million tokens in German",
        "chatbot on a Mac M2 Pro 32GB",
        "在笔记本电脑上总结中文法律合同，可商用",
        "summarize meeting recordings",
    ]
    for need in needs:
        for msg in describe_need(catalog, need)["understood"]:
            en, zh = text(msg, "en"), text(msg, "zh")
            assert en and en != zh and re.search(r"[\u4e00-\u9fff]", zh), msg


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(max_size=80))
def test_describe_never_crashes(catalog: Catalog, need: str) -> None:
    d = describe_need(catalog, need)
    assert d["task"] is None or d["task"] in catalog.tasks
    assert all(c in catalog.tasks for c in d["candidates"]) and len(d["candidates"]) <= 3
    assert d["hardware"] is None or d["hardware"] in catalog.hardware
    assert d["memory_gb"] is None or d["memory_gb"] > 0

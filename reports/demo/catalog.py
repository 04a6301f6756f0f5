"""Fictional demo content for the industrial cluster portal (西安 demo region).

This module is pure data: it imports nothing beyond the standard library and
knows nothing about Django.  The demo-data generator reads it to build one
coherent, realistic but *fictional* region -- 西安市 and its districts -- with
clusters, chains (as node trees), parks, company-name parts, people, policies,
project names and the free-text samples that park staff would type.

Everything here was written for the portal.  District names, their GB/T 2260
codes and the universities are real public facts; the parks, policies,
document numbers, figures and all sentences are invented.  Company names are
assembled by the generator from the parts below and are not meant to match
any real company.

Conventions
-----------
* Money is in 万元 (``int`` or a decimal string for ratios), land in 亩.
* ``industry`` on a chain node is a two-digit GB/T 4754-2017 division code
  (see ``INDUSTRY_DIVISIONS``).  Most are manufacturing divisions (13-43);
  a few service nodes (software, data, R&D services, power generation,
  wholesale, repair) use the matching non-manufacturing division.
* Department codes: see ``DEPARTMENTS``; they are the codes of
  ``portal/data/departments.json``.  Clusters, chains and measures are led by
  one of ``LEAD_DEPARTMENT_CODES``.  Keys of ``COOPERATION_KINDS``,
  ``CARRIER_KINDS`` and ``STANDARD_FACTORY_STATUSES`` are the model choices.
* Text templates use ``str.format`` placeholders; the allowed names for each
  template family are listed next to it.

Run ``python catalog.py`` to self-check the structure.
"""

# ---------------------------------------------------------------------------
# Reference tables
# ---------------------------------------------------------------------------

PROVINCE = {"code": "610000", "name": "陕西省"}
CITY = {"code": "610100", "name": "西安市", "parent": "610000"}

# Districts and counties of 西安市 with an approximate centre of their built-up
# area (used to place parks and enterprises plausibly).
DISTRICTS = [
    {"code": "610102", "name": "新城区", "level": "district", "lat": 34.267, "lng": 108.961},
    {"code": "610103", "name": "碑林区", "level": "district", "lat": 34.256, "lng": 108.941},
    {"code": "610104", "name": "莲湖区", "level": "district", "lat": 34.270, "lng": 108.920},
    {"code": "610111", "name": "灞桥区", "level": "district", "lat": 34.290, "lng": 109.070},
    {"code": "610112", "name": "未央区", "level": "district", "lat": 34.320, "lng": 108.945},
    {"code": "610113", "name": "雁塔区", "level": "district", "lat": 34.214, "lng": 108.920},
    {"code": "610114", "name": "阎良区", "level": "district", "lat": 34.662, "lng": 109.226},
    {"code": "610115", "name": "临潼区", "level": "district", "lat": 34.370, "lng": 109.214},
    {"code": "610116", "name": "长安区", "level": "district", "lat": 34.158, "lng": 108.930},
    {"code": "610117", "name": "高陵区", "level": "district", "lat": 34.520, "lng": 109.080},
    {"code": "610118", "name": "鄠邑区", "level": "district", "lat": 34.109, "lng": 108.605},
    {"code": "610122", "name": "蓝田县", "level": "county", "lat": 34.151, "lng": 109.323},
    {"code": "610124", "name": "周至县", "level": "county", "lat": 34.164, "lng": 108.222},
]

DEPARTMENTS = {
    "gxj": "西安市工业和信息化局",
    "kjj": "西安市科学技术局",
    "fgw": "西安市发展和改革委员会",
    "swj": "西安市商务局",
    "zrzyghj": "西安市自然资源和规划局",
    "czj": "西安市财政局",
    "tjj": "西安市统计局",
    "rsj": "西安市人力资源和社会保障局",
    "xzspfwj": "西安市行政审批服务局",
    "jrj": "西安市地方金融管理局",
}
DEPARTMENT_SHORT_NAMES = {
    "gxj": "工信局",
    "kjj": "科技局",
    "fgw": "发改委",
    "swj": "商务局",
    "zrzyghj": "资源规划局",
    "czj": "财政局",
    "tjj": "统计局",
    "rsj": "人社局",
    "xzspfwj": "行政审批局",
    "jrj": "金融局",
}
LEAD_DEPARTMENT_CODES = ("gxj", "kjj", "fgw", "swj")

# Which department usually takes a service request of each category.
SERVICE_CATEGORY_DEPARTMENTS = {
    "land": "zrzyghj",
    "finance": "jrj",
    "talent": "rsj",
    "approval": "xzspfwj",
    "market": "swj",
    "policy": "gxj",
    "infrastructure": "fgw",
    "other": "gxj",
}

QUALIFICATION_KINDS = {
    "high_tech": "高新技术企业",
    "tech_sme": "科技型中小企业",
    "srdi_sme": "专精特新中小企业",
    "little_giant": "专精特新“小巨人”企业",
    "innovative_sme": "创新型中小企业",
    "single_champion": "制造业单项冠军企业",
    "gazelle": "瞪羚企业",
    "unicorn": "独角兽企业",
    "green_factory": "绿色工厂",
    "smart_factory": "智能工厂",
    "digital_workshop": "数字化车间",
}

# GB/T 4754-2017 divisions used by chain nodes.
INDUSTRY_DIVISIONS = {
    "26": "化学原料和化学制品制造业",
    "27": "医药制造业",
    "29": "橡胶和塑料制品业",
    "30": "非金属矿物制品业",
    "32": "有色金属冶炼和压延加工业",
    "33": "金属制品业",
    "34": "通用设备制造业",
    "35": "专用设备制造业",
    "36": "汽车制造业",
    "37": "铁路、船舶、航空航天和其他运输设备制造业",
    "38": "电气机械和器材制造业",
    "39": "计算机、通信和其他电子设备制造业",
    "40": "仪器仪表制造业",
    "42": "废弃资源综合利用业",
    "43": "金属制品、机械和设备修理业",
    "44": "电力、热力生产和供应业",
    "51": "批发业",
    "56": "航空运输业",
    "64": "互联网和相关服务",
    "65": "软件和信息技术服务业",
    "73": "研究和试验发展",
    "81": "机动车、电子产品和日用产品修理业",
}
MANUFACTURING_DIVISIONS = tuple(c for c in INDUSTRY_DIVISIONS if 13 <= int(c) <= 43)

STAGES = {"upstream": "上游", "midstream": "中游", "downstream": "下游"}
CLUSTER_CATEGORIES = {"advantage": "优势", "emerging": "新兴", "traditional": "传统", "future": "未来"}
SCALE_TIERS = ("千亿级", "百亿级", "")
PARK_LEVELS = {"national": "国家级", "provincial": "省级", "municipal": "市级", "county": "县级"}
PARK_KINDS = {
    "high_tech_zone": "高新区",
    "economic_zone": "经开区",
    "specialized": "专业园区",
    "micro_enterprise": "小微企业园",
    "circular_economy": "循环经济产业园",
}
PARK_STATUSES = {"cultivating": "培育", "preparatory": "预备", "formal": "正式", "delisted": "摘牌"}


# ---------------------------------------------------------------------------
# Clusters (产业集群): 4 advantage + 5 emerging
# ---------------------------------------------------------------------------

CLUSTERS = [
    {
        "code": "electronic_info",
        "name": "电子信息产业集群",
        "category": "advantage",
        "scale_tier": "千亿级",
        "designations": ["国家先进制造业集群", "陕西省重点产业链集群"],
        "leader_title": "市长",
        "lead_department": "gxj",
        "chains": ["semiconductor", "photonics"],
    },
    {
        "code": "automotive",
        "name": "汽车产业集群",
        "category": "advantage",
        "scale_tier": "千亿级",
        "designations": ["陕西省先进制造业集群", "国家新型工业化产业示范基地（汽车）"],
        "leader_title": "常务副市长",
        "lead_department": "gxj",
        "chains": ["nev"],
    },
    {
        "code": "aerospace",
        "name": "航空航天产业集群",
        "category": "advantage",
        "scale_tier": "千亿级",
        "designations": ["国家先进制造业集群", "国家战略性新兴产业集群"],
        "leader_title": "副市长",
        "lead_department": "fgw",
        "chains": ["aviation", "commercial_space"],
    },
    {
        "code": "high_end_equipment",
        "name": "高端装备产业集群",
        "category": "advantage",
        "scale_tier": "千亿级",
        "designations": ["陕西省先进制造业集群", "国家级中小企业特色产业集群"],
        "leader_title": "副市长",
        "lead_department": "gxj",
        "chains": ["smart_equipment"],
    },
    {
        "code": "pv_energy",
        "name": "光伏及新型储能产业集群",
        "category": "emerging",
        "scale_tier": "千亿级",
        "designations": ["国家战略性新兴产业集群", "陕西省重点产业链集群"],
        "leader_title": "副市长",
        "lead_department": "fgw",
        "chains": ["photovoltaic"],
    },
    {
        "code": "biomedicine",
        "name": "生物医药产业集群",
        "category": "emerging",
        "scale_tier": "百亿级",
        "designations": ["陕西省战略性新兴产业集群"],
        "leader_title": "副市长",
        "lead_department": "kjj",
        "chains": ["biopharma"],
    },
    {
        "code": "new_materials",
        "name": "新材料产业集群",
        "category": "emerging",
        "scale_tier": "百亿级",
        "designations": ["省级中小企业特色产业集群"],
        "leader_title": "副市长",
        "lead_department": "gxj",
        "chains": ["titanium_materials"],
    },
    {
        "code": "artificial_intelligence",
        "name": "人工智能产业集群",
        "category": "emerging",
        "scale_tier": "百亿级",
        "designations": ["国家新一代人工智能创新发展试验区（配套）"],
        "leader_title": "副市长",
        "lead_department": "kjj",
        "chains": ["ai"],
    },
    {
        "code": "additive_mfg",
        "name": "增材制造产业集群",
        "category": "emerging",
        "scale_tier": "",
        "designations": ["国家级中小企业特色产业集群"],
        "leader_title": "市政府秘书长",
        "lead_department": "kjj",
        "chains": ["additive"],
    },
]


# ---------------------------------------------------------------------------
# Chains (产业链) with their node trees
# ---------------------------------------------------------------------------


def _node(name, stage, industry, products, key=False, children=()):
    """Build one chain node dict (a helper to keep the tables short)."""
    return {
        "name": name,
        "stage": stage,
        "key": key,
        "industry": industry,
        "products": list(products),
        "children": list(children),
    }


_U, _M, _D = "upstream", "midstream", "downstream"

CHAINS = [
    # -- 电子信息 -----------------------------------------------------------
    {
        "code": "semiconductor",
        "name": "半导体及集成电路产业链",
        "cluster": "electronic_info",
        "leader_title": "副市长",
        "lead_department": "gxj",
        "nodes": [
            _node(
                "半导体材料",
                _U,
                "39",
                ["半导体材料", "电子材料"],
                key=True,
                children=[
                    _node("大尺寸硅片", _U, "39", ["硅片", "硅材料", "外延片"], key=True),
                    _node(
                        "电子化学品",
                        _U,
                        "26",
                        ["电子化学品", "湿化学品"],
                        children=[
                            _node("光刻胶", _U, "26", ["光刻胶", "感光材料"], key=True),
                            _node("电子特种气体", _U, "26", ["电子特气", "特种气体", "高纯气体"]),
                        ],
                    ),
                    _node("溅射靶材", _U, "32", ["靶材", "高纯金属"]),
                ],
            ),
            _node(
                "半导体设备",
                _U,
                "35",
                ["半导体设备", "真空设备"],
                key=True,
                children=[
                    _node("刻蚀与薄膜沉积设备", _U, "35", ["刻蚀设备", "镀膜设备"], key=True),
                    _node("晶圆检测与量测设备", _U, "40", ["检测设备", "量测仪器"]),
                ],
            ),
            _node("EDA工具与IP核", _U, "65", ["芯片设计软件", "电子设计"], key=True),
            _node(
                "集成电路设计",
                _M,
                "65",
                ["芯片设计", "微电子", "集成电路"],
                key=True,
                children=[
                    _node("存储芯片设计", _M, "65", ["存储芯片", "存储器"], key=True),
                    _node("模拟与混合信号芯片设计", _M, "65", ["模拟芯片", "电源芯片", "射频芯片"]),
                ],
            ),
            _node("晶圆制造", _M, "39", ["晶圆", "半导体", "芯片制造"], key=True),
            _node(
                "封装测试",
                _M,
                "39",
                ["封装测试", "封测"],
                children=[
                    _node("先进封装", _M, "39", ["先进封装", "系统级封装"], key=True),
                ],
            ),
            _node("功率半导体器件", _M, "39", ["功率器件", "碳化硅", "功率模块"], key=True),
            _node("消费电子与智能终端", _D, "39", ["智能终端", "消费电子"]),
            _node("车载芯片应用", _D, "36", ["车载电子", "汽车电子"]),
            _node("工业控制与电源模块", _D, "38", ["工控", "电源模块", "变频器"]),
            _node("通信设备", _D, "39", ["通信设备", "基站设备", "通信"]),
        ],
    },
    {
        "code": "photonics",
        "name": "光子产业链",
        "cluster": "electronic_info",
        "leader_title": "副市长",
        "lead_department": "kjj",
        "nodes": [
            _node(
                "光学材料",
                _U,
                "30",
                ["光学材料", "光学玻璃"],
                children=[
                    _node("光学玻璃与晶体", _U, "30", ["光学玻璃", "光学晶体", "蓝宝石"]),
                    _node("特种光纤", _U, "38", ["特种光纤", "光纤"], key=True),
                ],
            ),
            _node(
                "光电芯片",
                _U,
                "39",
                ["光电芯片", "光芯片"],
                key=True,
                children=[
                    _node("半导体激光芯片", _U, "39", ["激光芯片", "激光二极管"], key=True),
                    _node("光电探测芯片", _U, "39", ["探测器芯片", "红外芯片"]),
                ],
            ),
            _node(
                "激光器",
                _M,
                "40",
                ["激光器", "激光", "光源"],
                key=True,
                children=[
                    _node("高功率半导体激光器", _M, "40", ["半导体激光器", "激光模组"], key=True),
                    _node("超快激光器", _M, "40", ["超快激光", "飞秒激光"]),
                ],
            ),
            _node(
                "精密光学元件",
                _M,
                "40",
                ["光学元件", "光学镜头", "精密光学"],
                children=[
                    _node("红外光学组件", _M, "40", ["红外光学", "红外镜头"]),
                ],
            ),
            _node("光模块与光器件", _M, "39", ["光模块", "光器件", "光通信"], key=True),
            _node("光电传感器", _M, "39", ["光电传感", "图像传感器"]),
            _node("激光加工装备", _D, "34", ["激光装备", "激光切割", "激光焊接"]),
            _node("激光雷达", _D, "39", ["激光雷达", "智能感知"], key=True),
            _node("光学成像与检测", _D, "40", ["光学检测", "成像仪器", "机器视觉"]),
            _node("光通信网络设备", _D, "39", ["光网络", "光传输设备"]),
        ],
    },
    # -- 汽车 ---------------------------------------------------------------
    {
        "code": "nev",
        "name": "新能源汽车产业链",
        "cluster": "automotive",
        "leader_title": "常务副市长",
        "lead_department": "gxj",
        "nodes": [
            _node(
                "锂电材料",
                _U,
                "26",
                ["锂电材料", "电池材料"],
                key=True,
                children=[
                    _node("正极材料", _U, "26", ["正极材料", "磷酸铁锂", "三元材料"], key=True),
                    _node("负极材料", _U, "30", ["负极材料", "人造石墨", "硅碳材料"]),
                    _node("电解液", _U, "26", ["电解液", "锂盐"]),
                    _node("隔膜", _U, "29", ["隔膜", "锂电隔膜"]),
                ],
            ),
            _node("车规级芯片", _U, "39", ["车规芯片", "汽车芯片", "MCU"], key=True),
            _node("汽车轻量化材料", _U, "32", ["铝合金型材", "轻量化材料", "压铸件"]),
            _node(
                "动力电池",
                _M,
                "38",
                ["动力电池", "锂电池", "储能电池"],
                key=True,
                children=[
                    _node("电芯制造", _M, "38", ["电芯", "锂电"], key=True),
                    _node("电池管理系统", _M, "39", ["电池管理", "BMS"]),
                ],
            ),
            _node("电驱系统", _M, "38", ["驱动电机", "电驱动", "电机控制器"], key=True),
            _node("整车控制器", _M, "36", ["整车控制器", "车载控制器"]),
            _node(
                "汽车电子",
                _M,
                "36",
                ["汽车电子", "车载电子"],
                children=[
                    _node("智能座舱", _M, "36", ["智能座舱", "车载显示", "车载娱乐"]),
                    _node("自动驾驶域控制器", _M, "36", ["域控制器", "智能驾驶"], key=True),
                ],
            ),
            _node("热管理系统", _M, "36", ["热管理", "空调压缩机", "冷却系统"]),
            _node(
                "整车制造",
                _D,
                "36",
                ["整车", "汽车"],
                key=True,
                children=[
                    _node("新能源乘用车", _D, "36", ["乘用车", "新能源汽车"], key=True),
                    _node("新能源商用车与专用车", _D, "36", ["商用车", "专用车", "重卡"]),
                ],
            ),
            _node("充换电设施", _D, "38", ["充电桩", "换电设备", "充电设备"]),
            _node("汽车后市场", _D, "81", ["汽车服务", "汽车维修"]),
            _node("动力电池回收利用", _D, "42", ["电池回收", "再生资源"]),
        ],
    },
    # -- 航空航天 -----------------------------------------------------------
    {
        "code": "aviation",
        "name": "航空产业链",
        "cluster": "aerospace",
        "leader_title": "副市长",
        "lead_department": "fgw",
        "nodes": [
            _node(
                "航空材料",
                _U,
                "32",
                ["航空材料", "特种合金"],
                key=True,
                children=[
                    _node("高温合金", _U, "32", ["高温合金", "特种合金"], key=True),
                    _node("航空铝合金", _U, "32", ["航空铝材", "铝合金"]),
                    _node("碳纤维复合材料", _U, "30", ["碳纤维", "复合材料"], key=True),
                ],
            ),
            _node("航空紧固件与标准件", _U, "33", ["紧固件", "标准件", "航空标准件"]),
            _node(
                "航空零部件",
                _M,
                "37",
                ["航空零部件", "航空部件"],
                children=[
                    _node("机体结构件", _M, "37", ["结构件", "钣金件", "机加件"], key=True),
                    _node("航空发动机部件", _M, "37", ["发动机部件", "叶片", "机匣"], key=True),
                    _node("起落架与作动系统", _M, "37", ["起落架", "作动器"]),
                ],
            ),
            _node("航空电子与机载系统", _M, "39", ["航电", "机载设备", "航空电子"], key=True),
            _node("飞机总装集成", _M, "37", ["飞机", "航空器"], key=True),
            _node("航空维修", _D, "43", ["航空维修", "机务工程"], key=True),
            _node("通用航空运营", _D, "56", ["通用航空", "航空服务"]),
            _node(
                "无人机及低空应用",
                _D,
                "37",
                ["无人机", "低空飞行器"],
                children=[
                    _node("工业级无人机", _D, "37", ["工业无人机", "测绘无人机", "植保无人机"]),
                    _node("电动垂直起降飞行器", _D, "37", ["电动飞行器", "eVTOL"], key=True),
                ],
            ),
        ],
    },
    {
        "code": "commercial_space",
        "name": "商业航天产业链",
        "cluster": "aerospace",
        "leader_title": "副市长",
        "lead_department": "kjj",
        "nodes": [
            _node("宇航级元器件", _U, "39", ["宇航元器件", "抗辐照器件"], key=True),
            _node(
                "航天特种材料",
                _U,
                "32",
                ["航天材料", "耐烧蚀材料"],
                children=[
                    _node("固体推进剂", _U, "26", ["推进剂", "含能材料"]),
                ],
            ),
            _node(
                "运载火箭",
                _M,
                "37",
                ["运载火箭", "火箭"],
                key=True,
                children=[
                    _node("液体火箭发动机", _M, "37", ["火箭发动机", "推力室", "涡轮泵"], key=True),
                    _node("箭体结构与贮箱", _M, "37", ["箭体结构", "贮箱"]),
                ],
            ),
            _node(
                "卫星制造",
                _M,
                "37",
                ["卫星", "微小卫星"],
                key=True,
                children=[
                    _node("卫星有效载荷", _M, "39", ["卫星载荷", "星载相机"], key=True),
                    _node("星载电子与姿控部件", _M, "39", ["星载计算机", "姿控部件", "动量轮"]),
                ],
            ),
            _node("地面站与测运控设备", _M, "39", ["地面站", "测控设备", "天线"]),
            _node("卫星导航应用", _D, "39", ["北斗导航", "导航终端", "高精度定位"], key=True),
            _node("卫星通信终端", _D, "39", ["卫星通信", "通信终端"]),
            _node("遥感数据服务", _D, "65", ["遥感", "空间信息", "地理信息"]),
            _node("测运控与发射服务", _D, "65", ["测运控", "航天服务"]),
        ],
    },
    # -- 高端装备 -----------------------------------------------------------
    {
        "code": "smart_equipment",
        "name": "智能制造装备产业链",
        "cluster": "high_end_equipment",
        "leader_title": "副市长",
        "lead_department": "gxj",
        "nodes": [
            _node(
                "核心基础零部件",
                _U,
                "34",
                ["基础零部件", "传动部件"],
                key=True,
                children=[
                    _node("精密轴承", _U, "34", ["精密轴承", "轴承"], key=True),
                    _node("精密减速器", _U, "34", ["减速器", "谐波减速器", "传动装置"], key=True),
                    _node("液压与气动元件", _U, "34", ["液压件", "气动元件", "液压"]),
                    _node("伺服电机", _U, "38", ["伺服电机", "伺服系统"], key=True),
                ],
            ),
            _node("数控系统与控制器", _U, "40", ["数控系统", "控制器", "自动化控制"], key=True),
            _node("工业软件", _U, "65", ["工业软件", "工业互联网"]),
            _node(
                "工业机器人",
                _M,
                "34",
                ["工业机器人", "机器人"],
                key=True,
                children=[
                    _node("焊接与搬运机器人", _M, "34", ["焊接机器人", "搬运机器人"]),
                    _node("协作机器人", _M, "34", ["协作机器人", "机械臂"]),
                ],
            ),
            _node(
                "高档数控机床",
                _M,
                "34",
                ["数控机床", "机床"],
                key=True,
                children=[
                    _node("五轴联动加工中心", _M, "34", ["加工中心", "五轴机床"], key=True),
                ],
            ),
            _node("智能检测与装配装备", _M, "40", ["智能检测", "测量设备", "装配设备"]),
            _node(
                "输变电装备",
                _M,
                "38",
                ["输变电设备", "电力设备"],
                children=[
                    _node("高压开关设备", _M, "38", ["高压开关", "开关设备", "断路器"]),
                    _node("变压器与电抗器", _M, "38", ["变压器", "电抗器"]),
                ],
            ),
            _node("智能制造系统集成", _D, "65", ["系统集成", "智能制造", "数字工厂"], key=True),
            _node("工程机械与专用装备", _D, "35", ["工程机械", "专用装备", "矿山机械"]),
            _node("轨道交通装备", _D, "37", ["轨道交通装备", "轨道车辆配件"]),
        ],
    },
    # -- 光伏及新型储能 -----------------------------------------------------
    {
        "code": "photovoltaic",
        "name": "光伏产业链",
        "cluster": "pv_energy",
        "leader_title": "副市长",
        "lead_department": "fgw",
        "nodes": [
            _node("高纯多晶硅", _U, "26", ["多晶硅", "硅料"], key=True),
            _node("单晶硅棒与硅片", _U, "38", ["单晶硅", "光伏硅片"], key=True),
            _node(
                "光伏辅材",
                _U,
                "30",
                ["光伏辅材", "光伏材料"],
                children=[
                    _node("光伏玻璃", _U, "30", ["光伏玻璃", "镀膜玻璃"]),
                    _node("光伏银浆", _U, "26", ["导电银浆", "电子浆料"], key=True),
                    _node("封装胶膜与背板", _U, "29", ["光伏胶膜", "背板"]),
                ],
            ),
            _node(
                "高效电池片",
                _M,
                "38",
                ["光伏电池", "电池片"],
                key=True,
                children=[
                    _node("TOPCon电池", _M, "38", ["TOPCon电池", "N型电池"]),
                    _node("异质结与背接触电池", _M, "38", ["异质结电池", "背接触电池"], key=True),
                ],
            ),
            _node("光伏组件", _M, "38", ["光伏组件", "太阳能组件"], key=True),
            _node("光伏逆变器", _M, "38", ["逆变器", "电力电子"], key=True),
            _node("储能变流与电池系统", _M, "38", ["储能系统", "储能变流器", "储能"]),
            _node("集中式光伏电站", _D, "44", ["光伏电站", "新能源发电"]),
            _node("分布式光伏", _D, "44", ["分布式光伏", "屋顶光伏"]),
            _node("光储充一体化应用", _D, "38", ["光储充", "微电网", "智慧能源"]),
            _node("光伏组件回收", _D, "42", ["组件回收", "资源再生"]),
        ],
    },
    # -- 生物医药 -----------------------------------------------------------
    {
        "code": "biopharma",
        "name": "生物医药产业链",
        "cluster": "biomedicine",
        "leader_title": "副市长",
        "lead_department": "kjj",
        "nodes": [
            _node(
                "医药原料",
                _U,
                "27",
                ["原料药", "医药原料"],
                children=[
                    _node("化学原料药", _U, "27", ["原料药", "化学药"], key=True),
                    _node("医药中间体", _U, "26", ["医药中间体", "精细化工"]),
                    _node("中药材种植与加工", _U, "27", ["中药材", "道地药材"]),
                ],
            ),
            _node("生物试剂与培养基", _U, "27", ["生物试剂", "培养基", "酶制剂"], key=True),
            _node("制药装备", _U, "35", ["制药设备", "生物反应器"]),
            _node("药用包装材料", _U, "29", ["药用包材", "预灌封注射器"]),
            _node(
                "创新药",
                _M,
                "27",
                ["创新药", "新药"],
                key=True,
                children=[
                    _node("抗体与重组蛋白药物", _M, "27", ["抗体药物", "生物制品", "重组蛋白"], key=True),
                    _node("化学创新药", _M, "27", ["化学药", "小分子药物"]),
                ],
            ),
            _node(
                "现代中药",
                _M,
                "27",
                ["中药", "中成药"],
                children=[
                    _node("中药饮片", _M, "27", ["中药饮片", "配方颗粒"]),
                ],
            ),
            _node(
                "医疗器械",
                _M,
                "35",
                ["医疗器械", "医疗设备"],
                key=True,
                children=[
                    _node("高端医学影像设备", _M, "35", ["医学影像", "超声设备", "影像设备"], key=True),
                    _node("体外诊断试剂与设备", _M, "27", ["体外诊断", "诊断试剂"]),
                ],
            ),
            _node("医药研发外包与生产外包", _D, "73", ["医药研发", "临床研究", "生物技术服务"], key=True),
            _node("医药流通", _D, "51", ["医药商贸", "医药物流"]),
            _node("智慧医疗服务", _D, "65", ["智慧医疗", "医疗信息化"]),
        ],
    },
    # -- 新材料 -------------------------------------------------------------
    {
        "code": "titanium_materials",
        "name": "钛及稀有金属新材料产业链",
        "cluster": "new_materials",
        "leader_title": "副市长",
        "lead_department": "gxj",
        "nodes": [
            _node("海绵钛及钛锭", _U, "32", ["海绵钛", "钛锭"], key=True),
            _node("钼钒铌等稀有金属冶炼", _U, "32", ["稀有金属", "钼制品", "铌材"]),
            _node("高纯金属提纯", _U, "32", ["高纯金属", "高纯材料"], key=True),
            _node(
                "钛材加工",
                _M,
                "32",
                ["钛材", "钛业"],
                key=True,
                children=[
                    _node("钛板带箔", _M, "32", ["钛板", "钛带", "钛箔"]),
                    _node("钛棒丝管", _M, "32", ["钛棒", "钛丝", "钛管"]),
                    _node("钛合金锻件", _M, "33", ["锻件", "钛合金锻件"], key=True),
                ],
            ),
            _node("钛及钛合金粉末", _M, "32", ["钛合金粉末", "球形粉末"], key=True),
            _node("稀有金属合金与靶材", _M, "32", ["合金材料", "稀有金属靶材"]),
            _node("航空航天用钛构件", _D, "37", ["钛构件", "航空钛件"], key=True),
            _node("医用钛合金制品", _D, "35", ["医用钛材", "骨科植入物"]),
            _node("钛制化工与海洋装备", _D, "34", ["钛设备", "换热器", "压力容器"]),
            _node("钛制消费品", _D, "33", ["钛制品", "钛杯具", "钛眼镜架"]),
        ],
    },
    # -- 人工智能 -----------------------------------------------------------
    {
        "code": "ai",
        "name": "人工智能产业链",
        "cluster": "artificial_intelligence",
        "leader_title": "副市长",
        "lead_department": "kjj",
        "nodes": [
            _node(
                "智能计算芯片",
                _U,
                "39",
                ["智能芯片", "AI芯片"],
                key=True,
                children=[
                    _node("云端训练与推理芯片", _U, "39", ["推理芯片", "加速卡"], key=True),
                    _node("边缘计算芯片", _U, "39", ["边缘计算", "端侧芯片"]),
                ],
            ),
            _node("智能传感器", _U, "39", ["智能传感", "传感器", "MEMS"], key=True),
            _node(
                "算力基础设施",
                _U,
                "39",
                ["服务器", "算力"],
                children=[
                    _node("服务器与存储设备", _U, "39", ["服务器", "存储设备"]),
                    _node("智算中心运营", _U, "64", ["智算", "云计算", "数据中心"], key=True),
                ],
            ),
            _node("数据资源与标注", _U, "64", ["数据服务", "数据标注"]),
            _node(
                "基础模型与算法",
                _M,
                "65",
                ["大模型", "智能算法", "人工智能"],
                key=True,
                children=[
                    _node("行业大模型", _M, "65", ["行业模型", "智能决策"], key=True),
                ],
            ),
            _node("计算机视觉", _M, "65", ["视觉识别", "图像识别"]),
            _node("智能语音与自然语言处理", _M, "65", ["智能语音", "语义理解"]),
            _node("机器视觉装备", _M, "40", ["机器视觉", "视觉检测", "工业相机"]),
            _node(
                "智能机器人",
                _D,
                "34",
                ["智能机器人", "机器人"],
                key=True,
                children=[
                    _node("服务与特种机器人", _D, "34", ["服务机器人", "巡检机器人", "特种机器人"]),
                ],
            ),
            _node("智能网联汽车应用", _D, "36", ["智能网联", "车路协同"]),
            _node("智慧城市与政务应用", _D, "65", ["智慧城市", "城市大脑", "智慧政务"]),
            _node("工业智能应用", _D, "65", ["工业智能", "智能运维", "预测性维护"]),
        ],
    },
    # -- 增材制造 -----------------------------------------------------------
    {
        "code": "additive",
        "name": "增材制造产业链",
        "cluster": "additive_mfg",
        "leader_title": "市政府秘书长",
        "lead_department": "kjj",
        "nodes": [
            _node(
                "增材制造材料",
                _U,
                "32",
                ["打印材料", "增材材料"],
                key=True,
                children=[
                    _node("增材用金属粉末", _U, "32", ["金属粉末", "高温合金粉末"], key=True),
                    _node("光敏树脂", _U, "26", ["光敏树脂", "光固化材料"]),
                    _node("高分子打印线材", _U, "29", ["打印耗材", "高分子线材"]),
                ],
            ),
            _node(
                "增材核心器件与软件",
                _U,
                "40",
                ["核心器件", "光学器件"],
                key=True,
                children=[
                    _node("打印用光纤激光器", _U, "40", ["光纤激光器", "激光器"], key=True),
                    _node("扫描振镜", _U, "40", ["振镜", "扫描系统"]),
                    _node("切片与工艺仿真软件", _U, "65", ["打印软件", "仿真软件"]),
                ],
            ),
            _node("金属增材制造装备", _M, "34", ["金属3D打印", "激光熔融设备", "增材装备"], key=True),
            _node("非金属增材制造装备", _M, "34", ["3D打印机", "光固化设备"]),
            _node("后处理设备", _M, "34", ["热处理设备", "表面处理", "后处理"]),
            _node("增材制造打印服务", _M, "34", ["打印服务", "快速成型"]),
            _node("航空航天增材构件", _D, "37", ["增材构件", "复杂构件"], key=True),
            _node("医疗植入物定制", _D, "35", ["定制植入物", "个性化医疗"], key=True),
            _node("模具随形冷却", _D, "35", ["模具", "随形冷却模具"]),
            _node("汽车样件快速试制", _D, "36", ["汽车样件", "快速试制"]),
        ],
    },
]


def iter_nodes(nodes, parent=None, depth=1):
    """Yield ``(node, parent, depth)`` for every node of a chain tree, depth first."""
    for node in nodes:
        yield node, parent, depth
        yield from iter_nodes(node.get("children", ()), node, depth + 1)


def chain_by_code(code):
    """Return the chain dict with ``code`` (``KeyError`` if unknown)."""
    for chain in CHAINS:
        if chain["code"] == code:
            return chain
    raise KeyError(code)


# ---------------------------------------------------------------------------
# Parks (园区)
# ---------------------------------------------------------------------------

PARKS = [
    {
        "code": "P61011301",
        "name": "西安丈八高新技术产业园区",
        "short_name": "丈八高新园",
        "district": "雁塔区",
        "level": "national",
        "kind": "high_tech_zone",
        "status": "formal",
        "lat": 34.192,
        "lng": 108.872,
        "planned_area_mu": 48000,
        "built_area_mu": 36500,
        "leading_chains": ["semiconductor", "photonics", "ai"],
    },
    {
        "code": "P61011201",
        "name": "西安未央经济技术开发区",
        "short_name": "未央经开区",
        "district": "未央区",
        "level": "national",
        "kind": "economic_zone",
        "status": "formal",
        "lat": 34.352,
        "lng": 108.938,
        "planned_area_mu": 42000,
        "built_area_mu": 33800,
        "leading_chains": ["nev", "smart_equipment"],
    },
    {
        "code": "P61011701",
        "name": "西安泾河新能源汽车产业园",
        "short_name": "泾河汽车园",
        "district": "高陵区",
        "level": "provincial",
        "kind": "specialized",
        "status": "formal",
        "lat": 34.485,
        "lng": 109.058,
        "planned_area_mu": 9800,
        "built_area_mu": 6200,
        "leading_chains": ["nev"],
    },
    {
        "code": "P61011401",
        "name": "西安阎良航空产业园",
        "short_name": "阎良航空园",
        "district": "阎良区",
        "level": "national",
        "kind": "specialized",
        "status": "formal",
        "lat": 34.648,
        "lng": 109.238,
        "planned_area_mu": 30000,
        "built_area_mu": 21500,
        "leading_chains": ["aviation", "additive"],
    },
    {
        "code": "P61011601",
        "name": "西安长安航天科技产业园",
        "short_name": "长安航天园",
        "district": "长安区",
        "level": "national",
        "kind": "specialized",
        "status": "formal",
        "lat": 34.142,
        "lng": 108.985,
        "planned_area_mu": 26000,
        "built_area_mu": 17800,
        "leading_chains": ["commercial_space", "photovoltaic"],
    },
    {
        "code": "P61011501",
        "name": "西安临潼光伏储能产业园",
        "short_name": "临潼光伏园",
        "district": "临潼区",
        "level": "provincial",
        "kind": "specialized",
        "status": "formal",
        "lat": 34.395,
        "lng": 109.162,
        "planned_area_mu": 8500,
        "built_area_mu": 5100,
        "leading_chains": ["photovoltaic"],
    },
    {
        "code": "P61011801",
        "name": "西安鄠邑生物医药产业园",
        "short_name": "鄠邑医药园",
        "district": "鄠邑区",
        "level": "municipal",
        "kind": "specialized",
        "status": "preparatory",
        "lat": 34.118,
        "lng": 108.645,
        "planned_area_mu": 4200,
        "built_area_mu": 1900,
        "leading_chains": ["biopharma"],
    },
    {
        "code": "P61011101",
        "name": "西安灞桥新材料产业园",
        "short_name": "灞桥新材料园",
        "district": "灞桥区",
        "level": "provincial",
        "kind": "specialized",
        "status": "preparatory",
        "lat": 34.318,
        "lng": 109.098,
        "planned_area_mu": 6000,
        "built_area_mu": 3300,
        "leading_chains": ["titanium_materials", "additive"],
    },
    {
        "code": "P61010401",
        "name": "西安莲湖智能制造小微企业园",
        "short_name": "莲湖小微园",
        "district": "莲湖区",
        "level": "municipal",
        "kind": "micro_enterprise",
        "status": "formal",
        "lat": 34.283,
        "lng": 108.898,
        "planned_area_mu": 420,
        "built_area_mu": 360,
        "leading_chains": ["smart_equipment", "ai"],
    },
    {
        "code": "P61012201",
        "name": "蓝田县循环经济产业园",
        "short_name": "蓝田循环园",
        "district": "蓝田县",
        "level": "county",
        "kind": "circular_economy",
        "status": "cultivating",
        "lat": 34.135,
        "lng": 109.300,
        "planned_area_mu": 3500,
        "built_area_mu": 1200,
        "leading_chains": ["titanium_materials", "photovoltaic"],
    },
    {
        "code": "P61010201",
        "name": "西安新城智能传感器产业园",
        "short_name": "新城传感园",
        "district": "新城区",
        "level": "municipal",
        "kind": "specialized",
        "status": "cultivating",
        "lat": 34.282,
        "lng": 108.985,
        "planned_area_mu": 1200,
        "built_area_mu": 650,
        "leading_chains": ["ai", "semiconductor"],
    },
    {
        "code": "P61010301",
        "name": "西安碑林环大学科技成果转化产业园",
        "short_name": "碑林成果转化园",
        "district": "碑林区",
        "level": "municipal",
        "kind": "specialized",
        "status": "formal",
        "lat": 34.240,
        "lng": 108.955,
        "planned_area_mu": 1500,
        "built_area_mu": 1100,
        "leading_chains": ["photonics", "ai"],
    },
    {
        "code": "P61011602",
        "name": "西安长安樊川小微企业创业园",
        "short_name": "樊川小微园",
        "district": "长安区",
        "level": "county",
        "kind": "micro_enterprise",
        "status": "cultivating",
        "lat": 34.118,
        "lng": 108.935,
        "planned_area_mu": 380,
        "built_area_mu": 210,
        "leading_chains": ["smart_equipment", "biopharma"],
    },
]


# ---------------------------------------------------------------------------
# Company names: prefix + middle (by industry division) + suffix
# e.g. "渭澜" + "微电子" + "科技有限公司" -> 渭澜微电子科技有限公司
# ---------------------------------------------------------------------------

COMPANY_NAME_PARTS = {
    # Two-character trade names, place-like or brand-like, all invented.
    "prefixes": [
        "秦睿",
        "秦拓",
        "秦昊",
        "秦博",
        "秦晟",
        "秦岳",
        "长缨",
        "长岳",
        "长嘉",
        "渭宁",
        "渭澜",
        "渭锦",
        "渭川",
        "泾弘",
        "泾源",
        "泾禾",
        "沣禾",
        "沣泽",
        "沣毅",
        "灞源",
        "灞岚",
        "浐溪",
        "终南",
        "骊峰",
        "骊晟",
        "蓝岭",
        "蓝桥",
        "鄠宁",
        "杜陵",
        "乐游",
        "樊川",
        "韦杜",
        "兴庆",
        "含元",
        "朱雀",
        "昆池",
        "太乙",
        "翠华",
        "南山",
        "北塬",
        "瀚森",
        "鼎弘",
        "恒拓",
        "启衡",
        "博睿",
        "锐泽",
        "铭岳",
        "正衡",
        "合晟",
        "德沣",
        "嘉沣",
        "昱辰",
        "晟泰",
        "天衡",
        "禹辰",
        "峻岭",
        "云骧",
        "星衍",
        "极目",
        "智衡",
        "凌霄",
        "辰宇",
        "远衡",
        "弘毅",
        "明德",
        "立诚",
        "笃行",
        "鸿鹄",
        "鲲程",
        "翼展",
        "擎岳",
        "御衡",
        "晨曦",
        "新程",
        "昭元",
        "景曜",
        "承泽",
        "知微",
        "致衡",
        "安澜",
        "海晏",
        "青禾",
        "赤霄",
        "玄穹",
        "清源",
        "煜恒",
        "卓铄",
        "聚芯",
        "众联",
        "汇景",
        "同泰",
        "永晖",
        "久安",
        "崇德",
        "厚朴",
        "华岭",
        "丰穰",
        "唐韵",
        "汉风",
        "宸瑞",
    ],
    # Middle words by GB/T 4754-2017 division; chain-node "products" are a
    # second source of middles for enterprises attached to a node.
    "middles": {
        "26": ["化工", "精细化学", "新材料", "化学", "高分子"],
        "27": ["生物", "医药", "制药", "药业", "生物医药", "基因"],
        "29": ["塑胶", "高分子", "薄膜", "塑业"],
        "30": ["新材料", "玻璃", "陶瓷", "碳材料", "晶体"],
        "32": ["金属", "钛业", "合金", "稀有金属", "有色"],
        "33": ["金属制品", "锻造", "精工", "紧固件"],
        "34": ["机械", "精密机械", "智能装备", "机器人", "动力"],
        "35": ["装备", "医疗器械", "重工", "专用设备", "仪器设备"],
        "36": ["汽车部件", "汽车电子", "车业", "新能源汽车", "汽车"],
        "37": ["航空", "航天", "飞行器", "宇航", "空天"],
        "38": ["电气", "电力设备", "新能源", "储能", "电机"],
        "39": ["微电子", "半导体", "电子", "芯源", "光电", "集成电路"],
        "40": ["仪器", "光学", "测控", "自动化", "精密仪器"],
        "42": ["再生资源", "环保", "资源循环"],
        "43": ["机务", "装备维修", "工程技术"],
        "44": ["能源", "新能源", "电力"],
        "51": ["医药", "商贸", "供应链"],
        "56": ["通用航空", "航空"],
        "64": ["数据", "云计算", "数字"],
        "65": ["信息", "软件", "智能", "数字", "网络"],
        "73": ["生物技术", "医药研究", "检测"],
        "81": ["汽车服务", "汽修"],
    },
    # Generic suffixes fit any industry.
    "suffixes": [
        "科技有限公司",
        "股份有限公司",
        "有限公司",
        "有限责任公司",
        "技术有限公司",
        "实业有限公司",
        "科技股份有限公司",
        "集团有限公司",
    ],
    # Industry-specific suffixes (use instead of a generic one, but avoid
    # repeating a word the middle already carries).
    "industry_suffixes": {
        "26": ["新材料有限公司", "化工有限公司"],
        "27": ["生物科技有限公司", "制药有限公司", "医药科技有限公司"],
        "29": ["新材料有限公司", "塑业有限公司"],
        "30": ["新材料有限公司", "材料科技有限公司"],
        "32": ["新材料有限公司", "金属材料有限公司"],
        "33": ["精密制造有限公司", "金属制品有限公司"],
        "34": ["智能装备有限公司", "精密机械有限公司", "装备制造有限公司"],
        "35": ["装备有限公司", "医疗科技有限公司", "智能装备有限公司"],
        "36": ["汽车零部件有限公司", "汽车科技有限公司"],
        "37": ["航空科技有限公司", "航天技术有限公司", "航空装备有限公司"],
        "38": ["电气有限公司", "新能源科技有限公司", "能源科技有限公司"],
        "39": ["电子有限公司", "电子科技有限公司", "半导体有限公司"],
        "40": ["光电科技有限公司", "仪器有限公司", "测控技术有限公司"],
        "42": ["再生资源有限公司", "环保科技有限公司"],
        "43": ["工程技术有限公司", "维修服务有限公司"],
        "44": ["新能源有限公司", "电力开发有限公司"],
        "51": ["医药有限公司", "商贸有限公司"],
        "56": ["通用航空有限公司"],
        "64": ["数据科技有限公司", "云计算有限公司"],
        "65": ["信息技术有限公司", "软件有限公司", "智能科技有限公司"],
        "73": ["生物技术有限公司", "检测技术有限公司"],
        "81": ["汽车服务有限公司"],
    },
    # Optional location marks placed before the prefix, e.g. 西安渭澜... or
    # 陕西渭澜...; an empty string means no mark.
    "locations": ["西安", "陕西", ""],
}

# Names of companies outside the region (investment leads) start with one of
# these cities instead of 西安/陕西.
LEAD_COMPANY_CITIES = [
    "深圳",
    "上海",
    "苏州",
    "杭州",
    "合肥",
    "无锡",
    "宁波",
    "成都",
    "重庆",
    "武汉",
    "长沙",
    "常州",
    "东莞",
    "青岛",
    "天津",
    "北京",
    "南京",
    "厦门",
    "郑州",
    "广州",
]


# ---------------------------------------------------------------------------
# People
# ---------------------------------------------------------------------------

PERSON_SURNAMES = [
    "王",
    "李",
    "张",
    "刘",
    "陈",
    "杨",
    "赵",
    "黄",
    "周",
    "吴",
    "徐",
    "孙",
    "胡",
    "朱",
    "高",
    "林",
    "何",
    "郭",
    "马",
    "罗",
    "梁",
    "宋",
    "郑",
    "谢",
    "韩",
    "唐",
    "冯",
    "于",
    "董",
    "程",
    "曹",
    "袁",
    "邓",
    "许",
    "傅",
    "沈",
    "曾",
    "彭",
    "吕",
    "苏",
    "卢",
    "蒋",
    "蔡",
    "贾",
    "丁",
    "魏",
    "薛",
    "叶",
    "阎",
    "余",
    "潘",
    "杜",
    "戴",
    "夏",
    "钟",
    "汪",
    "田",
    "任",
    "姜",
    "范",
    "方",
    "石",
    "姚",
    "谭",
    "廖",
    "邹",
    "熊",
    "金",
    "陆",
    "郝",
    "孔",
    "白",
    "崔",
    "康",
    "毛",
    "邱",
    "秦",
    "江",
    "史",
    "顾",
    "侯",
    "邵",
    "孟",
    "雷",
    "樊",
    "党",
    "惠",
    "权",
    "寇",
    "同",
]

PERSON_GIVEN_CHARS = [
    "伟",
    "芳",
    "娜",
    "敏",
    "静",
    "丽",
    "强",
    "磊",
    "军",
    "洋",
    "勇",
    "艳",
    "杰",
    "涛",
    "明",
    "超",
    "秀",
    "霞",
    "平",
    "刚",
    "华",
    "建",
    "国",
    "文",
    "辉",
    "鹏",
    "斌",
    "宇",
    "浩",
    "凯",
    "健",
    "俊",
    "帆",
    "旭",
    "宁",
    "龙",
    "林",
    "欣",
    "瑞",
    "博",
    "晨",
    "阳",
    "雪",
    "梅",
    "琳",
    "婷",
    "蕾",
    "楠",
    "莉",
    "颖",
    "慧",
    "倩",
    "佳",
    "思",
    "子",
    "嘉",
    "晓",
    "志",
    "海",
    "峰",
    "波",
    "振",
    "东",
    "亮",
    "成",
    "宏",
    "德",
    "毅",
    "哲",
    "昊",
    "然",
    "睿",
    "轩",
    "泽",
    "航",
    "铭",
    "诚",
    "婉",
    "悦",
    "蕊",
    "怡",
    "萌",
    "卫",
    "兵",
    "红",
    "荣",
    "新",
    "利",
    "春",
    "秋",
]


# ---------------------------------------------------------------------------
# Universities and institutes (real names; used for 校企合作 and 创新载体)
# ---------------------------------------------------------------------------

UNIVERSITIES = [
    {
        "name": "西安交通大学",
        "short_name": "西安交大",
        "kind": "university",
        "district": "碑林区",
        "chains": ["semiconductor", "smart_equipment", "biopharma", "photovoltaic"],
    },
    {
        "name": "西北工业大学",
        "short_name": "西工大",
        "kind": "university",
        "district": "碑林区",
        "chains": ["aviation", "commercial_space", "additive", "titanium_materials"],
    },
    {
        "name": "西安电子科技大学",
        "short_name": "西电",
        "kind": "university",
        "district": "雁塔区",
        "chains": ["semiconductor", "ai", "photonics"],
    },
    {
        "name": "西北大学",
        "short_name": "西北大学",
        "kind": "university",
        "district": "碑林区",
        "chains": ["biopharma", "photonics"],
    },
    {
        "name": "长安大学",
        "short_name": "长安大学",
        "kind": "university",
        "district": "雁塔区",
        "chains": ["nev", "smart_equipment"],
    },
    {
        "name": "陕西师范大学",
        "short_name": "陕西师大",
        "kind": "university",
        "district": "雁塔区",
        "chains": ["photovoltaic", "ai"],
    },
    {
        "name": "西安理工大学",
        "short_name": "西安理工",
        "kind": "university",
        "district": "碑林区",
        "chains": ["smart_equipment", "semiconductor"],
    },
    {
        "name": "西安建筑科技大学",
        "short_name": "西建大",
        "kind": "university",
        "district": "碑林区",
        "chains": ["titanium_materials", "photovoltaic"],
    },
    {
        "name": "西安科技大学",
        "short_name": "西安科大",
        "kind": "university",
        "district": "雁塔区",
        "chains": ["smart_equipment", "ai"],
    },
    {
        "name": "西安石油大学",
        "short_name": "西安石大",
        "kind": "university",
        "district": "雁塔区",
        "chains": ["nev", "smart_equipment"],
    },
    {
        "name": "西安工业大学",
        "short_name": "西安工大",
        "kind": "university",
        "district": "未央区",
        "chains": ["photonics", "smart_equipment"],
    },
    {
        "name": "西安邮电大学",
        "short_name": "西邮",
        "kind": "university",
        "district": "长安区",
        "chains": ["ai", "semiconductor"],
    },
    {
        "name": "中国科学院西安光学精密机械研究所",
        "short_name": "西安光机所",
        "kind": "institute",
        "district": "长安区",
        "chains": ["photonics", "commercial_space"],
    },
    {
        "name": "西北有色金属研究院",
        "short_name": "西北有色院",
        "kind": "institute",
        "district": "未央区",
        "chains": ["titanium_materials", "additive"],
    },
]

COOPERATION_KINDS = {
    "platform": "共建平台",
    "tech_transfer": "技术转让",
    "joint_research": "联合攻关",
    "talent": "人才培养",
}


# ---------------------------------------------------------------------------
# Policies (政策文件) and their measures (奖补事项) -- all fictional
#
# amount_rule["base"] names what the base amount of an application is:
# see MEASURE_BASES.  Tier thresholds and all amounts are in 万元.
# ---------------------------------------------------------------------------

MEASURE_KINDS = {
    "award": "奖励",
    "subsidy": "补贴",
    "interest_subsidy": "贴息",
    "rent_relief": "租金减免",
    "fund": "基金",
}
MEASURE_BASES = {
    "equipment_investment": "设备投资额",
    "fixed_asset_investment": "固定资产投资额",
    "rd_expenditure": "研发投入",
    "revenue": "营业收入",
    "loan_interest": "贷款利息",
    "rent": "厂房租金",
    "local_procurement": "本地配套采购额",
    "exhibition_fee": "展位费",
    "insurance_premium": "保险费",
    "equity_investment": "项目股权融资需求",
    "exports": "出口额",
}


_SPECIALIZED_PARK_CODES = [p["code"] for p in PARKS if p["kind"] in ("specialized", "micro_enterprise")]


def _elig(quals=(), min_revenue=None, chains=(), above_size_only=False, parks=()):
    """Eligibility dict; ``parks`` lists park codes (empty: any park)."""
    return {
        "qualification_kinds": list(quals),
        "min_revenue": min_revenue,
        "chains": list(chains),
        "above_size_only": above_size_only,
        "parks": list(parks),
    }


POLICIES = [
    {
        "title": "西安市支持先进制造业集群提质增效若干措施",
        "doc_number": "市政发〔2024〕9号",
        "issuer": "西安市人民政府",
        "issue_date": "2024-04-18",
        "valid_years": 3,
        "clusters": [c["code"] for c in CLUSTERS],
        "chains": [],
        "measures": [
            {
                "title": "工业企业首次纳入规上统计奖励",
                "kind": "award",
                "department": "gxj",
                "eligibility": _elig(above_size_only=True),
                "amount_rule": {"type": "fixed", "amount": 20},
                "budget": 3000,
                "auto_grant": True,
            },
            {
                "title": "制造业企业营业收入跨档奖励",
                "kind": "award",
                "department": "gxj",
                "eligibility": _elig(min_revenue=20000, above_size_only=True),
                "amount_rule": {
                    "type": "tiers",
                    "base": "revenue",
                    "tiers": [[20000, 10], [50000, 30], [100000, 60], [500000, 150]],
                },
                "budget": 6000,
                "auto_grant": True,
            },
            {
                "title": "技术改造项目设备投资补助",
                "kind": "subsidy",
                "department": "gxj",
                "eligibility": _elig(above_size_only=True),
                "amount_rule": {"type": "ratio", "ratio": "0.10", "cap": 500, "base": "equipment_investment"},
                "budget": 20000,
                "auto_grant": False,
            },
        ],
    },
    {
        "title": "西安市促进专精特新中小企业梯度培育若干措施",
        "doc_number": "市政办发〔2024〕31号",
        "issuer": "西安市人民政府办公厅",
        "issue_date": "2024-07-12",
        "valid_years": 3,
        "clusters": [],
        "chains": [],
        "measures": [
            {
                "title": "新认定国家级专精特新“小巨人”企业奖励",
                "kind": "award",
                "department": "gxj",
                "eligibility": _elig(quals=["little_giant"]),
                "amount_rule": {"type": "fixed", "amount": 50},
                "budget": 2500,
                "auto_grant": True,
            },
            {
                "title": "新认定省级专精特新中小企业奖励",
                "kind": "award",
                "department": "gxj",
                "eligibility": _elig(quals=["srdi_sme"]),
                "amount_rule": {"type": "fixed", "amount": 10},
                "budget": 3000,
                "auto_grant": True,
            },
            {
                "title": "创新型中小企业入库奖励",
                "kind": "award",
                "department": "gxj",
                "eligibility": _elig(quals=["innovative_sme"]),
                "amount_rule": {"type": "fixed", "amount": 3},
                "budget": 1200,
                "auto_grant": True,
            },
            {
                "title": "专精特新企业流动资金贷款贴息",
                "kind": "interest_subsidy",
                "department": "gxj",
                "eligibility": _elig(quals=["srdi_sme", "little_giant"]),
                "amount_rule": {"type": "ratio", "ratio": "0.50", "cap": 100, "base": "loan_interest"},
                "budget": 4000,
                "auto_grant": False,
            },
        ],
    },
    {
        "title": "西安市加快专业园区高质量建设若干措施",
        "doc_number": "市政办发〔2025〕7号",
        "issuer": "西安市人民政府办公厅",
        "issue_date": "2025-02-20",
        "valid_years": 3,
        "clusters": [],
        "chains": [],
        "measures": [
            {
                "title": "入驻专业园区标准化厂房租金减免",
                "kind": "rent_relief",
                "department": "fgw",
                "eligibility": _elig(parks=_SPECIALIZED_PARK_CODES),
                "amount_rule": {"type": "ratio", "ratio": "0.30", "cap": 60, "base": "rent"},
                "budget": 5000,
                "auto_grant": False,
            },
            {
                "title": "园区重大产业项目固定资产投资奖励",
                "kind": "award",
                "department": "fgw",
                "eligibility": _elig(),
                "amount_rule": {
                    "type": "tiers",
                    "base": "fixed_asset_investment",
                    "tiers": [[10000, 50], [50000, 200], [100000, 500]],
                },
                "budget": 15000,
                "auto_grant": False,
            },
        ],
    },
    {
        "title": "西安市推动科技型企业量质齐升若干措施",
        "doc_number": "市政办发〔2025〕12号",
        "issuer": "西安市人民政府办公厅",
        "issue_date": "2025-03-10",
        "valid_years": 3,
        "clusters": [],
        "chains": [],
        "measures": [
            {
                "title": "首次认定高新技术企业奖励",
                "kind": "award",
                "department": "kjj",
                "eligibility": _elig(quals=["high_tech"]),
                "amount_rule": {"type": "fixed", "amount": 30},
                "budget": 9000,
                "auto_grant": True,
            },
            {
                "title": "企业研发投入后补助",
                "kind": "subsidy",
                "department": "kjj",
                "eligibility": _elig(quals=["high_tech", "tech_sme"]),
                "amount_rule": {"type": "ratio", "ratio": "0.10", "cap": 300, "base": "rd_expenditure"},
                "budget": 12000,
                "auto_grant": False,
            },
            {
                "title": "瞪羚企业成长奖励",
                "kind": "award",
                "department": "kjj",
                "eligibility": _elig(quals=["gazelle"]),
                "amount_rule": {"type": "fixed", "amount": 50},
                "budget": 2000,
                "auto_grant": True,
            },
            {
                "title": "独角兽企业落户奖励",
                "kind": "award",
                "department": "kjj",
                "eligibility": _elig(quals=["unicorn"]),
                "amount_rule": {"type": "fixed", "amount": 500},
                "budget": 1500,
                "auto_grant": False,
            },
        ],
    },
    {
        "title": "西安市重点产业链补链强链延链若干措施",
        "doc_number": "市政发〔2025〕15号",
        "issuer": "西安市人民政府",
        "issue_date": "2025-05-06",
        "valid_years": 3,
        "clusters": [],
        "chains": ["semiconductor", "nev", "aviation", "photovoltaic", "biopharma"],
        "measures": [
            {
                "title": "链主企业本地配套采购奖励",
                "kind": "award",
                "department": "gxj",
                "eligibility": _elig(
                    min_revenue=100000,
                    chains=["semiconductor", "nev", "aviation", "photovoltaic"],
                    above_size_only=True,
                ),
                "amount_rule": {"type": "ratio", "ratio": "0.02", "cap": 200, "base": "local_procurement"},
                "budget": 3000,
                "auto_grant": False,
            },
            {
                "title": "补链项目关键设备购置补助",
                "kind": "subsidy",
                "department": "fgw",
                "eligibility": _elig(chains=["semiconductor", "nev", "photovoltaic", "biopharma"]),
                "amount_rule": {"type": "ratio", "ratio": "0.15", "cap": 800, "base": "equipment_investment"},
                "budget": 16000,
                "auto_grant": False,
            },
            {
                "title": "产业链引导基金股权投资",
                "kind": "fund",
                "department": "fgw",
                "eligibility": _elig(
                    quals=["high_tech"], chains=["semiconductor", "nev", "aviation", "photovoltaic", "biopharma"]
                ),
                "amount_rule": {"type": "ratio", "ratio": "0.20", "cap": 5000, "base": "equity_investment"},
                "budget": 50000,
                "auto_grant": False,
            },
        ],
    },
    {
        "title": "西安市推进制造业数字化转型和绿色低碳发展若干措施",
        "doc_number": "市工信发〔2025〕22号",
        "issuer": "西安市工业和信息化局",
        "issue_date": "2025-06-18",
        "valid_years": 2,
        "clusters": [],
        "chains": [],
        "measures": [
            {
                "title": "新认定智能工厂奖励",
                "kind": "award",
                "department": "gxj",
                "eligibility": _elig(quals=["smart_factory"]),
                "amount_rule": {"type": "fixed", "amount": 100},
                "budget": 2000,
                "auto_grant": True,
            },
            {
                "title": "新认定数字化车间奖励",
                "kind": "award",
                "department": "gxj",
                "eligibility": _elig(quals=["digital_workshop"]),
                "amount_rule": {"type": "fixed", "amount": 30},
                "budget": 1800,
                "auto_grant": True,
            },
            {
                "title": "新认定绿色工厂奖励",
                "kind": "award",
                "department": "gxj",
                "eligibility": _elig(quals=["green_factory"]),
                "amount_rule": {"type": "fixed", "amount": 40},
                "budget": 1600,
                "auto_grant": True,
            },
            {
                "title": "数字化改造项目贷款贴息",
                "kind": "interest_subsidy",
                "department": "gxj",
                "eligibility": _elig(above_size_only=True),
                "amount_rule": {"type": "ratio", "ratio": "0.50", "cap": 200, "base": "loan_interest"},
                "budget": 3000,
                "auto_grant": False,
            },
        ],
    },
    {
        "title": "西安市支持外贸企业开拓国际市场若干措施",
        "doc_number": "市商发〔2025〕8号",
        "issuer": "西安市商务局",
        "issue_date": "2025-04-02",
        "valid_years": 2,
        "clusters": [],
        "chains": [],
        "measures": [
            {
                "title": "境外重点展会展位费补贴",
                "kind": "subsidy",
                "department": "swj",
                "eligibility": _elig(),
                "amount_rule": {"type": "ratio", "ratio": "0.50", "cap": 20, "base": "exhibition_fee"},
                "budget": 800,
                "auto_grant": False,
            },
            {
                "title": "出口信用保险保费补助",
                "kind": "subsidy",
                "department": "swj",
                "eligibility": _elig(min_revenue=500),
                "amount_rule": {"type": "ratio", "ratio": "0.50", "cap": 50, "base": "insurance_premium"},
                "budget": 1200,
                "auto_grant": False,
            },
            {
                "title": "外贸进出口规模增长奖励",
                "kind": "award",
                "department": "swj",
                "eligibility": _elig(above_size_only=True),
                "amount_rule": {"type": "tiers", "base": "exports", "tiers": [[1000, 5], [5000, 15], [20000, 30]]},
                "budget": 1000,
                "auto_grant": True,
            },
        ],
    },
]


# ---------------------------------------------------------------------------
# Project names (重大项目)
# placeholders: {company} investor short name, {product} a node product word,
# {park} park short name, {district} district name, {n} an integer
# ---------------------------------------------------------------------------

PROJECT_NAME_PLACEHOLDERS = ("company", "product", "park", "district", "n")

PROJECT_NAME_PATTERNS = [
    "{company}年产{n}万套{product}项目",
    "{company}年产{n}万吨{product}生产线建设项目",
    "{company}年产{n}台（套）{product}项目",
    "{product}研发及产业化基地项目",
    "{park}标准化厂房建设项目",
    "{company}{product}智能化技术改造项目",
    "{company}新建{n}条{product}生产线项目",
    "{company}{product}扩能增效项目",
    "{company}西北总部及研发中心建设项目",
    "{product}中试基地建设项目",
    "{company}数字化车间建设项目",
    "{company}{product}绿色低碳改造项目",
    "{park}基础设施配套提升工程",
    "{park}公共技术服务平台建设项目",
    "{product}关键零部件国产化项目",
    "{company}二期扩建项目",
    "{park}110千伏输变电配套工程",
    "{district}{product}产业园（一期）项目",
    "{company}{product}检测认证中心项目",
    "{company}智能工厂建设项目",
]


# ---------------------------------------------------------------------------
# Innovation carriers and standard factories (naming templates)
# placeholders: {park} park short name, {company} enterprise short name,
# {university} university short name, {product} node product word,
# {chain} chain name without "产业链", {district} district name,
# {n} building number, {phase} 一/二/三
# ---------------------------------------------------------------------------

CARRIER_KINDS = {
    "platform": "创新平台",
    "incubator": "孵化器",
    "accelerator": "加速器",
    "key_lab": "重点实验室",
    "engineering_center": "工程技术研究中心",
    "enterprise_tech_center": "企业技术中心",
    "academician_station": "院士工作站",
    "pilot_base": "中试基地",
}

INNOVATION_CARRIER_PATTERNS = [
    {"kind": "platform", "pattern": "西安市{chain}产业创新中心", "host": "company"},
    {"kind": "platform", "pattern": "{park}{chain}公共技术服务平台", "host": "park"},
    {"kind": "incubator", "pattern": "{park}科技企业孵化器", "host": "park"},
    {"kind": "incubator", "pattern": "{university}{chain}众创空间", "host": "university"},
    {"kind": "accelerator", "pattern": "{park}{chain}产业加速器", "host": "park"},
    {"kind": "accelerator", "pattern": "{district}硬科技企业加速器", "host": "park"},
    {"kind": "key_lab", "pattern": "陕西省{product}重点实验室", "host": "university"},
    {"kind": "key_lab", "pattern": "西安市{product}技术重点实验室", "host": "company"},
    {"kind": "engineering_center", "pattern": "陕西省{product}工程技术研究中心", "host": "company"},
    {"kind": "engineering_center", "pattern": "西安市{product}工程技术研究中心", "host": "company"},
    {"kind": "enterprise_tech_center", "pattern": "{company}企业技术中心", "host": "company"},
    {"kind": "academician_station", "pattern": "{company}院士专家工作站", "host": "company"},
    {"kind": "pilot_base", "pattern": "{university}{product}中试基地", "host": "university"},
    {"kind": "pilot_base", "pattern": "{park}{chain}概念验证与中试平台", "host": "park"},
]
INNOVATION_CARRIER_PLACEHOLDERS = ("park", "company", "university", "product", "chain", "district")

STANDARD_FACTORY_PATTERNS = [
    "{park}标准化厂房{n}号楼",
    "{park}智造产业园{n}号厂房",
    "{park}中小企业孵化厂房（{phase}期）",
    "{park}高标准多层厂房{n}栋",
    "{park}定制化厂房{n}号",
    "{district}{chain}产业加速器厂房（{phase}期）",
    "{park}洁净厂房{n}号楼",
]
STANDARD_FACTORY_PLACEHOLDERS = ("park", "district", "chain", "n", "phase")
STANDARD_FACTORY_STATUSES = {
    "planned": "规划",
    "under_construction": "在建",
    "completed": "建成",
    "in_use": "在用",
}


# ---------------------------------------------------------------------------
# Responsible leaders (包抓领导) and chain / cluster leaders
# ---------------------------------------------------------------------------

LEADER_TITLES = [
    "副区长",
    "区委常委、副区长",
    "区委常委",
    "常务副区长",
    "副县长",
    "县委常委、副县长",
    "管委会主任",
    "管委会副主任",
    "党工委书记、管委会主任",
    "党工委副书记",
    "园区管委会专职副主任",
    "市工信局副局长",
    "市发改委副主任",
]

CHAIN_LEADER_TITLES = ["市长", "常务副市长", "副市长", "市政府秘书长"]


# ---------------------------------------------------------------------------
# Free-text samples typed by park staff and officers
# ---------------------------------------------------------------------------

SERVICE_REQUEST_CATEGORIES = {
    "land": "用地",
    "finance": "融资",
    "talent": "人才",
    "approval": "审批",
    "market": "市场",
    "policy": "政策",
    "infrastructure": "基础设施",
    "other": "其他",
}

SERVICE_REQUEST_SAMPLES = {
    "land": [
        "企业二期扩产需新增工业用地约30亩，希望园区在东片区预留地块并加快供地手续。",
        "现租厂房已无法容纳新增订单，申请入驻园区标准化厂房约3000平方米。",
        "项目红线内有一基高压线塔需要迁改，请求协调供电公司尽快出具迁改方案。",
        "早年取得的土地证与实际使用边界不一致，希望资源规划部门协助完成不动产确权。",
        "拟将自有厂房分割转让给配套供应商，咨询分割登记办法并请求指导。",
    ],
    "finance": [
        "一笔800万元流动资金贷款下月到期，续贷手续尚未办完，希望协调应急转贷资金过桥。",
        "新接海外订单导致原材料采购资金缺口约1500万元，希望对接银行开展订单融资。",
        "申请产业引导基金对新建产线进行股权投资，请帮助引荐基金管理机构。",
        "企业计划两年内申报北交所上市，希望安排券商和会计师事务所上门辅导。",
        "专利质押贷款评估值偏低，希望协调合作银行重新评估并提高授信额度。",
    ],
    "talent": [
        "急需招聘工艺工程师和设备工程师各10名，请协助对接本地高校举办专场招聘会。",
        "新引进的两名博士尚未落实住房，希望园区优先安排人才公寓。",
        "约15名员工子女面临就近入学困难，请求协调辖区教育部门统筹解决学位。",
        "希望与职业院校共建订单班，定向培养数控加工和焊接方向的技术工人。",
        "企业首席技术官拟申报市级高层次人才认定，需了解申报材料和评审安排。",
    ],
    "approval": [
        "新建厂房已竣工，消防验收排期较长，影响设备进场，请求加快办理。",
        "技改项目需重新办理环评手续，希望提前介入指导并实行容缺受理。",
        "企业迁址后排污许可证信息需同步变更，请求协调生态环境部门办理。",
        "施工许可办理卡在施工图审查环节，希望推动相关部门并联审查、压缩时限。",
        "新研制的医疗器械需申请注册证，请求协调药品监管部门提供前置辅导。",
    ],
    "market": [
        "自主研发的车规级功率模块已通过台架验证，希望推荐进入本地整车企业的供应商名录。",
        "希望参加市里组织的产业链供需对接活动，拓展本地配套客户。",
        "新产品符合首台（套）重大技术装备认定条件，请求协助申报并推动示范应用。",
        "计划参加欧洲专业展会，需要了解展位费补贴政策并协调办理出境手续。",
        "希望在政府采购和国有企业招标中为本地创新产品提供首购试用机会。",
    ],
    "policy": [
        "去年研发投入增幅较大，想了解研发费用后补助的申报条件和兑现时间。",
        "去年新认定为高新技术企业，奖励资金至今未到账，请帮助查询办理进度。",
        "对技改设备补助中设备投资额的核定口径有疑问，希望工信部门安排专人解读。",
        "企业同时符合两项奖补条件，想确认能否叠加享受。",
        "申报专精特新中小企业时对主导产品收入占比的计算有疑问，请求指导。",
    ],
    "infrastructure": [
        "新增两条产线后用电负荷明显上升，现有10千伏线路容量不足，申请新增专线并扩容变压器。",
        "园区北侧规划路尚未贯通，大型货车进出需要绕行，希望加快道路建设。",
        "热处理工序需要稳定的天然气供应，请协调燃气公司铺设中压管道至厂区。",
        "厂区周边雨季积水严重，影响原料运输，希望完善园区雨水管网。",
        "洁净车间对供水水质要求较高，希望接入园区工业纯水管网。",
        "园区公交线路少，员工通勤不便，建议增开早晚高峰通勤班车。",
    ],
    "other": [
        "厂区周边夜间渣土车作业噪声较大，希望协调城管部门规范管理。",
        "上下班高峰厂区门口车辆进出拥堵，申请增设交通信号灯。",
        "出口货物通关时间偏长，希望协调海关在园区设立查验点。",
        "员工宿舍周边缺少超市和餐饮网点，希望园区引入便民商业配套。",
    ],
}

VISIT_NOTE_SAMPLES = [
    "实地查看新建产线，设备已进入联调阶段，企业预计下季度达产。",
    "企业一季度订单同比增长约两成，但熟练技工缺口较大，已记录用工诉求。",
    "了解到企业正在筹备上市，财务规范化工作已启动，建议尽早对接券商。",
    "企业反映原材料价格上涨明显，利润空间收窄，正在加快产品结构调整。",
    "走访研发中心，新一代产品完成样机试制，计划年内送检认证。",
    "企业提出扩大厂房面积的需求，已向园区招商部门转交并约定下周踏勘。",
    "宣讲了研发投入后补助和高新技术企业认定政策，企业表示将于本月提交材料。",
    "企业智能化改造已完成一期，人均产值明显提高，拟申报市级数字化车间。",
    "企业与本地高校合作的联合实验室已挂牌，双方正在商定首批攻关课题。",
    "企业主要客户在省外，希望更多对接本地整车和整机企业，提升本地配套比例。",
    "企业安全生产和环保设施运行正常，危废暂存间标识规范。",
    "新入驻企业装修已完成，正在办理工商迁移和税务登记，已安排专人跟进。",
    "企业出口业务受海运费用波动影响，已介绍出口信用保险保费补助政策。",
    "企业用电负荷接近上限，诉求已纳入园区基础设施问题清单。",
    "回访上月反映的融资诉求，合作银行已完成授信审批，企业表示满意。",
]

PROGRESS_NOTE_SAMPLES = [
    "完成项目备案和环评批复，正在办理施工许可证。",
    "土地已完成摘牌，场地平整和临时设施搭建基本完成。",
    "桩基施工全部完成，基础承台浇筑完成约六成。",
    "主体结构已封顶，正在进行二次结构砌筑和机电安装。",
    "钢结构厂房吊装完成，屋面板和墙面板铺设同步推进。",
    "洁净室施工完成，正在开展环境检测和验证。",
    "生产设备陆续进场，已完成约七成设备的安装就位。",
    "首条生产线已投产，二号线处于设备调试阶段。",
    "室外管网、道路及绿化工程同步施工，预计下月完工。",
    "办公研发楼装饰装修完成约一半。",
    "一期工程完工并通过竣工验收备案，二期完成方案设计。",
    "项目整体竣工投产，正在办理固定资产投资入库手续。",
    "完成主要设备招标采购，合同已签订，等待到货。",
]

PROBLEM_SAMPLES = [
    "施工许可证尚未取得，影响主体工程开工。",
    "项目地块内仍有零星拆迁未完成，部分区域无法进场施工。",
    "企业自筹资金未全部到位，投资完成进度低于序时进度。",
    "重污染天气管控期间土方作业停工，工期有所延后。",
    "外部供电线路尚未接通，设备无法开展带电调试。",
    "进口关键设备到货时间推迟约两个月。",
    "设计方案调整后需重新报批规划，前期手续周期延长。",
    "施工单位劳动力不足，现场作业面未完全展开。",
    "地块规划条件与企业实际需求不符，需要启动规划调整。",
    "土地组卷报批进度较慢，影响项目供地。",
    "环评批复尚未取得，生产线无法启动建设。",
    "母公司调整投资计划，项目建设资金暂缓拨付。",
    "园区配套道路和污水管网未建成，影响项目竣工验收。",
]


# ---------------------------------------------------------------------------
# Self-check: python catalog.py
# ---------------------------------------------------------------------------


def _self_check():
    """Assert the structure the demo generator relies on; return counts."""
    import datetime
    import decimal
    import re
    import string

    def unique(values, what):
        values = list(values)
        dupes = sorted({v for v in values if values.count(v) > 1})
        assert not dupes, f"duplicate {what}: {dupes}"

    def placeholders(pattern):
        return {f for _, f, _, _ in string.Formatter().parse(pattern) if f is not None}

    district_by_name = {d["name"]: d for d in DISTRICTS}
    unique((d["code"] for d in DISTRICTS), "district codes")
    for d in DISTRICTS:
        assert re.fullmatch(r"6101\d\d", d["code"]), d

    # clusters
    assert len(CLUSTERS) == 9, len(CLUSTERS)
    cats = [c["category"] for c in CLUSTERS]
    assert cats.count("advantage") == 4 and cats.count("emerging") == 5, cats
    unique((c["code"] for c in CLUSTERS), "cluster codes")
    unique((c["name"] for c in CLUSTERS), "cluster names")
    chain_codes = [ch["code"] for ch in CHAINS]
    unique(chain_codes, "chain codes")
    unique((ch["name"] for ch in CHAINS), "chain names")
    for c in CLUSTERS:
        assert c["name"].endswith("产业集群"), c["name"]
        assert c["scale_tier"] in SCALE_TIERS, c
        assert c["lead_department"] in LEAD_DEPARTMENT_CODES, c
        assert c["designations"] and all(isinstance(x, str) for x in c["designations"]), c
        assert c["chains"], f"cluster {c['code']} has no chain"
        for code in c["chains"]:
            assert chain_by_code(code)["cluster"] == c["code"], (c["code"], code)

    # chains and nodes
    assert 9 <= len(CHAINS) <= 11, len(CHAINS)
    cluster_codes = {c["code"] for c in CLUSTERS}
    all_node_names = []
    node_industries = set()
    for ch in CHAINS:
        assert ch["name"].endswith("产业链"), ch["name"]
        assert ch["cluster"] in cluster_codes, ch
        assert ch["code"] in next(c for c in CLUSTERS if c["code"] == ch["cluster"])["chains"], ch["code"]
        assert ch["lead_department"] in LEAD_DEPARTMENT_CODES, ch
        assert ch["leader_title"] in CHAIN_LEADER_TITLES, ch
        nodes = list(iter_nodes(ch["nodes"]))
        assert 10 <= len(nodes) <= 25, (ch["code"], len(nodes))
        per_stage = dict.fromkeys(STAGES, 0)
        for node, parent, depth in nodes:
            assert set(node) == {"name", "stage", "key", "industry", "products", "children"}, node
            assert node["stage"] in STAGES, node
            per_stage[node["stage"]] += 1
            assert depth <= 3, (ch["code"], node["name"], depth)
            if parent is not None:
                assert parent["stage"] == node["stage"], (ch["code"], node["name"])
            assert isinstance(node["key"], bool), node
            ind = node["industry"]
            assert isinstance(ind, str) and re.fullmatch(r"\d\d", ind), node
            assert ind in INDUSTRY_DIVISIONS, node
            node_industries.add(ind)
            prods = node["products"]
            assert 2 <= len(prods) <= 4 and len(set(prods)) == len(prods), node
            assert all(isinstance(p, str) and p for p in prods), node
            all_node_names.append(node["name"])
        assert all(n >= 2 for n in per_stage.values()), (ch["code"], per_stage)
        assert any(n["key"] for n, _, _ in nodes), ch["code"]
    unique(all_node_names, "node names")

    # parks
    assert 10 <= len(PARKS) <= 14, len(PARKS)
    unique((p["code"] for p in PARKS), "park codes")
    unique((p["name"] for p in PARKS), "park names")
    unique((p["short_name"] for p in PARKS), "park short names")
    led = set()
    for p in PARKS:
        assert p["district"] in district_by_name, p
        d = district_by_name[p["district"]]
        assert p["code"][1:7] == d["code"], p
        assert p["level"] in PARK_LEVELS and p["kind"] in PARK_KINDS, p
        assert p["status"] in ("formal", "preparatory", "cultivating"), p
        assert isinstance(p["lat"], float) and isinstance(p["lng"], float), p
        assert 33.7 <= p["lat"] <= 34.8 and 107.6 <= p["lng"] <= 109.8, p
        assert abs(p["lat"] - d["lat"]) < 0.15 and abs(p["lng"] - d["lng"]) < 0.15, p
        assert isinstance(p["planned_area_mu"], int) and isinstance(p["built_area_mu"], int), p
        assert 0 < p["built_area_mu"] <= p["planned_area_mu"], p
        assert p["leading_chains"], p
        for code in p["leading_chains"]:
            assert code in chain_codes, (p["code"], code)
            led.add(code)
    assert led == set(chain_codes), set(chain_codes) - led

    # company names
    parts = COMPANY_NAME_PARTS
    assert len(parts["prefixes"]) >= 80, len(parts["prefixes"])
    unique(parts["prefixes"], "company prefixes")
    assert all(len(x) == 2 for x in parts["prefixes"]), [x for x in parts["prefixes"] if len(x) != 2]
    assert node_industries <= set(parts["middles"]), node_industries - set(parts["middles"])
    assert node_industries <= set(parts["industry_suffixes"]), node_industries - set(parts["industry_suffixes"])
    for code, words in parts["middles"].items():
        assert code in INDUSTRY_DIVISIONS and words, code
        unique(words, f"middles {code}")
    unique(parts["suffixes"], "suffixes")
    for code, words in parts["industry_suffixes"].items():
        assert code in INDUSTRY_DIVISIONS and all(w.endswith("公司") for w in words), code
    assert all(s.endswith("公司") for s in parts["suffixes"])
    unique(LEAD_COMPANY_CITIES, "lead company cities")

    # people
    assert len(PERSON_SURNAMES) >= 60 and len(PERSON_GIVEN_CHARS) >= 80
    unique(PERSON_SURNAMES, "surnames")
    unique(PERSON_GIVEN_CHARS, "given-name characters")
    assert all(len(x) == 1 for x in PERSON_SURNAMES + PERSON_GIVEN_CHARS)

    # universities
    assert 10 <= len(UNIVERSITIES) <= 15, len(UNIVERSITIES)
    unique((u["name"] for u in UNIVERSITIES), "university names")
    unique((u["short_name"] for u in UNIVERSITIES), "university short names")
    for u in UNIVERSITIES:
        assert u["district"] in district_by_name and u["kind"] in ("university", "institute"), u
        assert all(code in chain_codes for code in u["chains"]), u

    # policies and measures
    assert 5 <= len(POLICIES) <= 7, len(POLICIES)
    unique((p["title"] for p in POLICIES), "policy titles")
    unique((p["doc_number"] for p in POLICIES), "document numbers")
    unique((m["title"] for p in POLICIES for m in p["measures"]), "measure titles")
    park_codes = {p["code"] for p in PARKS}
    for pol in POLICIES:
        assert pol["title"].startswith("西安市"), pol["title"]
        assert re.fullmatch(r"市\w+发〔20\d\d〕\d+号", pol["doc_number"]), pol["doc_number"]
        assert pol["issuer"].startswith("西安市"), pol
        datetime.date.fromisoformat(pol["issue_date"])
        assert isinstance(pol["valid_years"], int) and pol["valid_years"] > 0
        assert set(pol["clusters"]) <= cluster_codes and set(pol["chains"]) <= set(chain_codes), pol["title"]
        assert 2 <= len(pol["measures"]) <= 5, pol["title"]
        for m in pol["measures"]:
            assert m["kind"] in MEASURE_KINDS, m
            assert m["department"] in LEAD_DEPARTMENT_CODES, m
            e = m["eligibility"]
            assert set(e) == {"qualification_kinds", "min_revenue", "chains", "above_size_only", "parks"}, m
            assert set(e["qualification_kinds"]) <= set(QUALIFICATION_KINDS), m
            assert e["min_revenue"] is None or (isinstance(e["min_revenue"], int) and e["min_revenue"] > 0), m
            assert set(e["chains"]) <= set(chain_codes) and set(e["parks"]) <= park_codes, m
            assert isinstance(e["above_size_only"], bool), m
            r = m["amount_rule"]
            if r["type"] == "fixed":
                assert set(r) == {"type", "amount"} and r["amount"] > 0, m
            elif r["type"] == "ratio":
                assert set(r) == {"type", "ratio", "cap", "base"}, m
                assert 0 < decimal.Decimal(r["ratio"]) < 1 and r["cap"] > 0, m
                assert r["base"] in MEASURE_BASES, m
            elif r["type"] == "tiers":
                assert set(r) == {"type", "tiers", "base"} and r["base"] in MEASURE_BASES, m
                thresholds = [t[0] for t in r["tiers"]]
                amounts = [t[1] for t in r["tiers"]]
                assert thresholds == sorted(set(thresholds)) and amounts == sorted(amounts), m
            else:
                raise AssertionError(m)
            assert isinstance(m["budget"], int) and m["budget"] > 0, m
            assert isinstance(m["auto_grant"], bool), m

    # templates
    assert len(PROJECT_NAME_PATTERNS) >= 12
    unique(PROJECT_NAME_PATTERNS, "project name patterns")
    for pat in PROJECT_NAME_PATTERNS:
        assert placeholders(pat) <= set(PROJECT_NAME_PLACEHOLDERS), pat
    unique((c["pattern"] for c in INNOVATION_CARRIER_PATTERNS), "carrier patterns")
    assert {c["kind"] for c in INNOVATION_CARRIER_PATTERNS} == set(CARRIER_KINDS)
    for c in INNOVATION_CARRIER_PATTERNS:
        assert placeholders(c["pattern"]) <= set(INNOVATION_CARRIER_PLACEHOLDERS), c
        assert c["host"] in ("company", "university", "park"), c
    unique(STANDARD_FACTORY_PATTERNS, "standard factory patterns")
    for pat in STANDARD_FACTORY_PATTERNS:
        assert placeholders(pat) <= set(STANDARD_FACTORY_PLACEHOLDERS), pat
    assert LEADER_TITLES
    unique(LEADER_TITLES, "leader titles")

    # free-text samples
    assert set(SERVICE_REQUEST_SAMPLES) == set(SERVICE_REQUEST_CATEGORIES)
    assert set(SERVICE_CATEGORY_DEPARTMENTS) == set(SERVICE_REQUEST_CATEGORIES)
    assert set(SERVICE_CATEGORY_DEPARTMENTS.values()) <= set(DEPARTMENTS)
    for cat, samples in SERVICE_REQUEST_SAMPLES.items():
        assert 4 <= len(samples) <= 6, cat
    unique((s for v in SERVICE_REQUEST_SAMPLES.values() for s in v), "service request samples")
    assert len(VISIT_NOTE_SAMPLES) == 15
    assert len(PROGRESS_NOTE_SAMPLES) >= 10 and len(PROBLEM_SAMPLES) >= 10
    unique(VISIT_NOTE_SAMPLES, "visit notes")
    unique(PROGRESS_NOTE_SAMPLES, "progress notes")
    unique(PROBLEM_SAMPLES, "problems")

    return {
        "clusters": len(CLUSTERS),
        "chains": len(CHAINS),
        "nodes": len(all_node_names),
        "parks": len(PARKS),
        "prefixes": len(parts["prefixes"]),
        "policies": len(POLICIES),
        "measures": sum(len(p["measures"]) for p in POLICIES),
    }


if __name__ == "__main__":
    print("catalog OK:", _self_check())
    for _ch in CHAINS:
        _stages = [n["stage"] for n, _, _ in iter_nodes(_ch["nodes"])]
        print(f"  {_ch['name']}: {len(_stages)} nodes " + " ".join(f"{STAGES[s]}{_stages.count(s)}" for s in STAGES))
